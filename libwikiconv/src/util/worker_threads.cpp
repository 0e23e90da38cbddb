#include "wikiconv/detail/worker_threads.hpp"

#include <atomic>

namespace wikiconv {

namespace {
std::atomic<WorkerStartHook> worker_start_hook{nullptr};
}  // namespace

void set_worker_start_hook(WorkerStartHook hook) { worker_start_hook.store(hook, std::memory_order_release); }

void worker_thread_started() {
  if (WorkerStartHook hook = worker_start_hook.load(std::memory_order_acquire)) hook();
}

}  // namespace wikiconv
