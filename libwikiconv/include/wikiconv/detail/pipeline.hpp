// Implementation of for_each_page_ordered (see wiki.hpp) on ordered_parallel: workers take
// items by index, results wait in a bounded window until the consumer, in order, takes them;
// the consumer produces items too while the one it waits for is not ready.
#pragma once

#include <algorithm>
#include <concepts>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include "wikiconv/detail/worker_threads.hpp"

namespace wikiconv {

// Roughly the memory a result holds while it waits: its bytes() when it has one (a type whose
// results can be big says so), a string's size.
template <typename T>
std::size_t held_bytes(const T& result) {
  if constexpr (requires {
                  { result.bytes() } -> std::convertible_to<std::size_t>;
                })
    return sizeof(T) + result.bytes();
  else if constexpr (std::is_same_v<T, std::string>)
    return sizeof(T) + result.size();
  else
    return sizeof(T);
}

template <typename T>
void ordered_parallel(std::size_t n, unsigned threads, const std::function<T(std::size_t)>& produce,
                      const std::function<void(std::size_t, T&&)>& consume) {
  if (threads <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) consume(i, produce(i));
    return;
  }
  // The window is wide: the consumer produces too, and while it works on a big item (a page of
  // 200 KB takes as long as 50 others) the workers go on, up to the window's end. A window of 16
  // left -j2's worker waiting a tenth of the time on the OWASP wiki. It is bounded in bytes
  // too, so that results of big pages do not pile up.
  const std::size_t window = std::max<std::size_t>(16, threads * std::size_t(128));
  constexpr std::size_t kHeldBytes = std::size_t(32) << 20;
  std::vector<std::optional<T>> slots(window);
  std::mutex mutex;
  std::condition_variable ready, space;
  std::size_t next = 0, consumed = 0, held = 0;
  // Wake-ups only for a thread that waits: a futex call per page costs more than it seems
  // on two cores (the consumer waits for item `awaited`; workers wait for window space).
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t awaited = kNone;
  unsigned workers_waiting = 0;
  auto may_take = [&] { return next < n && next < consumed + window && held < kHeldBytes; };
  bool failed = false;
  std::exception_ptr error;

  // Produces item i into its slot; false when it threw (the error is kept, the others stop).
  auto produce_into_slot = [&](std::size_t i) {
    std::optional<T> result;
    try {
      result.emplace(produce(i));
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failed) error = std::current_exception();
      failed = true;
      ready.notify_all();
      space.notify_all();
      return false;
    }
    std::size_t bytes = held_bytes(*result);
    std::lock_guard lock(mutex);
    slots[i % window] = std::move(result);
    held += bytes;
    if (awaited == i) ready.notify_one();
    return true;
  };
  auto worker = [&] {
    worker_thread_started();
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        auto may_go = [&] { return failed || next >= n || may_take(); };
        if (!may_go()) {
          ++workers_waiting;
          space.wait(lock, may_go);
          --workers_waiting;
        }
        if (failed || next >= n) return;
        i = next++;
      }
      if (!produce_into_slot(i)) return;
    }
  };
  // The calling thread is one of the `threads`: while the item it is to consume is not ready
  // it produces one itself, so that two threads keep two cores busy (a third, the consumer
  // waking between them, cost -j2 a tenth of its speed-up).
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  try {
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<T> item;
      {
        std::unique_lock lock(mutex);
        while (!failed && !slots[i % window].has_value()) {
          if (may_take()) {
            std::size_t k = next++;
            lock.unlock();
            produce_into_slot(k);
            lock.lock();
            continue;
          }
          awaited = i;
          ready.wait(lock, [&] { return failed || slots[i % window].has_value(); });
          awaited = kNone;
        }
        if (failed) break;
        item = std::move(slots[i % window]);
        slots[i % window].reset();
        held -= held_bytes(*item);
        consumed = i + 1;
        if (workers_waiting > 0) space.notify_all();
      }
      consume(i, std::move(*item));
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failed) error = std::current_exception();
    failed = true;
    space.notify_all();
  }
  {
    std::lock_guard lock(mutex);
    if (!failed) next = n;
    space.notify_all();
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}


template <typename T>
void for_each_page_ordered(const Wiki& wiki, unsigned threads,
                           const std::function<T(const PageEntry&)>& produce,
                           const std::function<void(const PageEntry&, T&&)>& consume) {
  const auto& pages = wiki.pages();
  ordered_parallel<T>(
      pages.size(), threads, [&](std::size_t i) { return produce(pages[i]); },
      [&](std::size_t i, T&& result) { consume(pages[i], std::move(result)); });
}

}  // namespace wikiconv
