// What each thread the library starts for a conversion (the page workers, the index's readers,
// the EPUB's zip) does first. A program that owns its process may set it: the command-line
// program gives the thread's malloc heap huge pages. By default nothing: a library does not
// change its caller's malloc.
#pragma once

namespace wikiconv {

using WorkerStartHook = void (*)();

// Set before any conversion starts; nullptr for none.
void set_worker_start_hook(WorkerStartHook hook);
// Called first on every thread the library starts.
void worker_thread_started();

}  // namespace wikiconv
