// Implementation of for_each_page_ordered (see wiki.hpp) on ordered_parallel: workers take
// items by index, results wait in a bounded window until the consumer, in order, takes them;
// the consumer produces items too while the one it waits for is not ready.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace wikiconv {

template <typename T>
void ordered_parallel(std::size_t n, unsigned threads, const std::function<T(std::size_t)>& produce,
                      const std::function<void(std::size_t, T&&)>& consume) {
  if (threads <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) consume(i, produce(i));
    return;
  }
  const std::size_t window = std::max<std::size_t>(8, threads * 8);
  std::vector<std::optional<T>> slots(window);
  std::mutex mutex;
  std::condition_variable ready, space;
  std::size_t next = 0, consumed = 0;
  // Wake-ups only for a thread that waits: a futex call per page costs more than it seems
  // on two cores (the consumer waits for item `awaited`; workers wait for window space).
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t awaited = kNone;
  unsigned workers_waiting = 0;
  // A waiting consumer is woken when a few items in a row are ready, not for each one.
  const std::size_t batch = window / 2;
  auto batch_ready = [&] {
    for (std::size_t k = awaited; k < std::min(n, awaited + batch); ++k)
      if (!slots[k % window].has_value()) return false;
    return true;
  };
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
    std::lock_guard lock(mutex);
    slots[i % window] = std::move(result);
    if (awaited != kNone && batch_ready()) ready.notify_one();
    return true;
  };
  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        auto may_take = [&] { return failed || next >= n || next < consumed + window; };
        if (!may_take()) {
          ++workers_waiting;
          space.wait(lock, may_take);
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
          if (next < n && next < consumed + window) {
            std::size_t k = next++;
            lock.unlock();
            produce_into_slot(k);
            lock.lock();
            continue;
          }
          awaited = i;
          ready.wait(lock, [&] { return failed || batch_ready(); });
          awaited = kNone;
        }
        if (failed) break;
        item = std::move(slots[i % window]);
        slots[i % window].reset();
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
