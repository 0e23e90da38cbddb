// Parsing on several threads at once gives the same trees as on one (cmark-gfm's global table of
// special characters, see markdown_reader.cpp), and for_each_page_ordered keeps page order.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "../fuzz/fuzz_support.hpp"
#include "test_support.hpp"
#include "wiki/head_reader.hpp"
#include "wikiconv/detail/worker_threads.hpp"

namespace wikiconv {
namespace {

using test::find_all;
using test::md;

constexpr std::string_view kPage =
    "Some ~~struck~~ text, www.example.org and https://example.org/x, a | b.\n\n"
    "| a | b |\n|---|---|\n| ~~c~~ | www.example.com |\n\n"
    "- [ ] task with ~~strike~~\n";

TEST(Parallel, ParsingOnTwoThreadsKeepsExtensionInlines) {
  Page reference = md(kPage);
  ASSERT_EQ(find_all(reference.body, NodeType::Strikethrough).size(), 3u);
  ASSERT_EQ(find_all(reference.body, NodeType::Link).size(), 3u);
  std::atomic<int> mismatches{0};
  auto work = [&] {
    for (int i = 0; i < 400; ++i)
      if (!(md(kPage).body == reference.body)) ++mismatches;
  };
  std::thread a(work), b(work), c(work);
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Parallel, OrderedResultsOnSeveralThreads) {
  test::TempDir dir;
  for (int i = 0; i < 60; ++i)
    dir.write("Page " + std::to_string(100 + i) + ".md", "Text ~~" + std::to_string(i) + "~~\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, diagnostics);
  std::vector<std::string> order;
  std::function<std::size_t(const PageEntry&)> produce = [&](const PageEntry& entry) {
    return find_all(wiki.load(entry, diagnostics).body, NodeType::Strikethrough).size();
  };
  std::function<void(const PageEntry&, std::size_t&&)> consume = [&](const PageEntry& entry,
                                                                      std::size_t&& strikes) {
    EXPECT_EQ(strikes, 1u) << entry.title();
    order.emplace_back(entry.title());
  };
  for_each_page_ordered<std::size_t>(wiki, 2, produce, consume);
  ASSERT_EQ(order.size(), 60u);
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], wiki.pages()[i].title());
}

// Every item once, in order, whatever the producers' timing: uneven work makes items finish out
// of order, and the consumer's wake-ups must neither miss the last items nor deadlock.
TEST(Parallel, OrderedParallelUnderUnevenWork) {
  for (unsigned threads : {2u, 3u, 8u}) {
    for (std::size_t n : {1u, 2u, 5u, 17u, 33u, 1000u}) {
      std::vector<int> delays(n);
      std::mt19937 random(static_cast<unsigned>(n * 31 + threads));
      for (auto& d : delays) d = static_cast<int>(random() % 200);
      std::vector<std::size_t> seen;
      std::function<std::size_t(std::size_t)> produce = [&](std::size_t i) {
        std::this_thread::sleep_for(std::chrono::microseconds(delays[i]));
        return i * 7;
      };
      std::function<void(std::size_t, std::size_t&&)> consume = [&](std::size_t i, std::size_t&& v) {
        EXPECT_EQ(v, i * 7);
        seen.push_back(i);
      };
      ordered_parallel<std::size_t>(n, threads, produce, consume);
      ASSERT_EQ(seen.size(), n) << threads << " threads";
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], i);
    }
  }
}

// Results wait in a window bounded in bytes too: big results behind a slow consumer stop the
// workers at 32 MB (plus what each thread has in hand), not at the window's 128 per thread.
TEST(Parallel, OrderedParallelBoundsTheBytesThatWait) {
  constexpr std::size_t kResult = std::size_t(4) << 20;
  constexpr unsigned kThreads = 3;
  std::atomic<std::size_t> produced{0}, consumed{0}, most_waiting{0};
  std::function<std::string(std::size_t)> produce = [&](std::size_t i) {
    std::string result(kResult, static_cast<char>('a' + i % 26));
    std::size_t waiting = ++produced - consumed.load();
    for (std::size_t m = most_waiting.load(); waiting > m && !most_waiting.compare_exchange_weak(m, waiting);) {
    }
    return result;
  };
  std::function<void(std::size_t, std::string&&)> consume = [&](std::size_t i, std::string&& s) {
    ASSERT_EQ(s.size(), kResult);
    ASSERT_EQ(s[0], static_cast<char>('a' + i % 26));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ++consumed;
  };
  ordered_parallel<std::string>(60, kThreads, produce, consume);
  EXPECT_EQ(consumed.load(), 60u);
  // 32 MB is 8 results; a worker takes another while less than that waits, and each thread
  // may have one in hand.
  EXPECT_LE(most_waiting.load(), 8u + 1 + kThreads);
  EXPECT_GE(most_waiting.load(), 4u);  // the workers did run ahead of the slow consumer
}

TEST(Parallel, OrderedParallelStopsAtTheFirstError) {
  std::vector<std::size_t> seen;
  std::function<int(std::size_t)> produce = [](std::size_t i) {
    if (i == 40) throw std::runtime_error("page 40");
    return 0;
  };
  std::function<void(std::size_t, int&&)> consume = [&](std::size_t i, int&&) { seen.push_back(i); };
  EXPECT_THROW(ordered_parallel<int>(100, 2, produce, consume), std::runtime_error);
  ASSERT_LE(seen.size(), 40u);  // nothing after the failed item reaches the consumer
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i);
}

// Threads that ran worker_thread_started(), for the test below.
std::mutex started_mutex;
std::vector<std::thread::id> started_threads;
void note_started_thread() {
  std::lock_guard lock(started_mutex);
  started_threads.push_back(std::this_thread::get_id());
}
std::vector<std::thread::id> take_started_threads() {
  std::lock_guard lock(started_mutex);
  return std::exchange(started_threads, {});
}

// Every thread the library starts runs the program's start hook first (the command-line program
// gives its malloc arena huge pages there), once, and the calling thread does not; with no
// hook, nothing runs.
TEST(Parallel, EveryThreadTheLibraryStartsRunsTheStartHook) {
  set_worker_start_hook(note_started_thread);
  take_started_threads();
  std::vector<std::thread::id> workers;
  std::mutex workers_mutex;
  std::function<int(std::size_t)> produce = [&](std::size_t i) {
    std::lock_guard lock(workers_mutex);
    workers.push_back(std::this_thread::get_id());
    return static_cast<int>(i);
  };
  std::function<void(std::size_t, int&&)> consume = [](std::size_t, int&&) {};
  ordered_parallel<int>(400, 3, produce, consume);
  std::vector<std::thread::id> started = take_started_threads();
  EXPECT_EQ(started.size(), 2u) << "two threads started beside the caller";
  EXPECT_EQ(std::set<std::thread::id>(started.begin(), started.end()).size(), started.size());
  for (const auto& id : started) EXPECT_NE(id, std::this_thread::get_id());
  for (const auto& id : workers)
    if (id != std::this_thread::get_id())
      EXPECT_NE(std::find(started.begin(), started.end(), id), started.end()) << "a worker without the hook";

  // The index: 600 page files on two threads, a thread started to read their heads and one to
  // normalize their titles.
  test::TempDir dir;
  for (int i = 0; i < 600; ++i) dir.write("Page " + std::to_string(i) + ".md", "Text\n");
  Diagnostics d;
  WikiOptions two;
  two.threads = 2;
  Wiki wiki = Wiki::open(dir.path(), two, d);
  ASSERT_EQ(wiki.pages().size(), 600u);
  started = take_started_threads();
  EXPECT_EQ(started.size(), 2u);
  for (const auto& id : started) EXPECT_NE(id, std::this_thread::get_id());

  set_worker_start_hook(nullptr);
  ordered_parallel<int>(400, 3, produce, consume);
  EXPECT_TRUE(take_started_threads().empty());
}

// Page heads are read on helper threads while the walk still lists files: each once, its
// declared title and time kept in the file's place, failures in the order of the files.
TEST(Parallel, HeadsAreReadWhileTheWalkGoesOn) {
  constexpr std::size_t kFiles = 3000;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < kFiles; ++i) names.push_back("dir/page " + std::to_string(i) + ".md");
  std::mutex mutex;
  std::map<std::string, int> reads;
  std::set<std::thread::id> readers;
  std::atomic<std::size_t> read_count{0};
  HeadReader::ReadHead read_head = [&](const std::string& path, std::int64_t& mtime) {
    std::size_t i = std::stoul(path.substr(path.find("page ") + 5));
    {
      std::lock_guard lock(mutex);
      ++reads[path];
      readers.insert(std::this_thread::get_id());
    }
    ++read_count;
    if (i % 500 == 7) throw Error(path, 0, "cannot read file: number " + std::to_string(i));
    mtime = static_cast<std::int64_t>(1000 + i);
    return i % 3 == 0 ? "Title " + std::to_string(i) : std::string();
  };
  for (unsigned threads : {1u, 2u, 4u}) {
    reads.clear();
    readers.clear();
    read_count = 0;
    StringArena titles;
    HeadReader heads("/wiki", threads, titles, read_head);
    bool read_during_walk = false;
    for (std::size_t i = 0; i < kFiles; ++i) {
      heads.add(names[i]);
      // Halfway, the walk waits until a helper has read heads: the reading does not wait for it.
      if (i == kFiles / 2 && threads > 1) {
        for (int spin = 0; spin < 10000 && read_count == 0; ++spin)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        read_during_walk = read_count > 0;
      }
    }
    heads.finish();
    EXPECT_EQ(read_during_walk, threads > 1) << threads;
    if (threads == 1)
      EXPECT_EQ(readers, std::set<std::thread::id>{std::this_thread::get_id()}) << "no helper at -j1";
    else  // helpers, and the walk's thread once it is over (if they left it any)
      EXPECT_TRUE(readers.size() - readers.count(std::this_thread::get_id()) >= 1 && readers.size() <= threads);
    ASSERT_EQ(heads.files().size(), kFiles);
    ASSERT_EQ(reads.size(), kFiles);
    for (const auto& [path, count] : reads) EXPECT_EQ(count, 1) << path;
    for (std::size_t i = 0; i < kFiles; ++i) {
      const HeadReader::File& file = heads.files()[i];
      EXPECT_EQ(HeadReader::relpath(file), names[i]);
      bool failed = i % 500 == 7;
      EXPECT_EQ(file.mtime, failed ? 0 : static_cast<std::int64_t>(1000 + i));
      EXPECT_EQ(heads.title(file), !failed && i % 3 == 0 ? "Title " + std::to_string(i) : "") << i;
    }
    ASSERT_EQ(heads.failures().size(), kFiles / 500);
    for (std::size_t k = 0; k < heads.failures().size(); ++k) {
      EXPECT_EQ(heads.failures()[k].first, k * 500 + 7);
      EXPECT_EQ(heads.failures()[k].second, "cannot read file: number " + std::to_string(k * 500 + 7));
    }
  }
  // A walk that stops (it threw) without finish(): the helpers are joined, nothing hangs.
  {
    StringArena titles;
    HeadReader heads("/wiki", 2, titles, read_head);
    for (std::size_t i = 0; i < 1000; ++i) heads.add(names[i]);
  }
  // A helper per 256 files listed, up to threads - 1: a small wiki starts none at any -j.
  set_worker_start_hook(note_started_thread);
  take_started_threads();
  using Case = std::tuple<std::size_t, unsigned, std::size_t>;  // files, threads, helpers started
  for (auto [files, threads, helpers] : {Case{200, 8, 0}, Case{300, 8, 1}, Case{1000, 8, 3}, Case{3000, 3, 2}}) {
    StringArena titles;
    HeadReader heads("/wiki", threads, titles, read_head);
    for (std::size_t i = 0; i < files; ++i) heads.add(names[i]);
    heads.finish();
    EXPECT_EQ(take_started_threads().size(), helpers) << files << " files, " << threads << " threads";
  }
  set_worker_start_hook(nullptr);
}

// The index reads page heads on several threads: same titles, times and order as on one.
TEST(Parallel, IndexOnSeveralThreadsEqualsOneThread) {
  test::TempDir dir;
  for (int i = 0; i < 700; ++i) {
    std::string body = i % 3 == 0 ? "---\ntitle: Declared " + std::to_string(i) + "\n---\nText\n"
                       : i % 3 == 1 ? "<!-- Source page: Source " + std::to_string(i) + " -->\nText\n"
                                    : "Text " + std::to_string(i) + "\n";
    dir.write("sub" + std::to_string(i % 7) + "/Page " + std::to_string(i) + ".md", body);
  }
  Diagnostics d1, d4;
  WikiOptions one, four;
  one.threads = 1;
  four.threads = 4;
  Wiki a = Wiki::open(dir.path(), one, d1);
  Wiki b = Wiki::open(dir.path(), four, d4);
  ASSERT_EQ(a.pages().size(), 700u);
  ASSERT_EQ(b.pages().size(), 700u);
  for (std::size_t i = 0; i < a.pages().size(); ++i) {
    EXPECT_EQ(a.pages()[i].title(), b.pages()[i].title());
    EXPECT_EQ(a.pages()[i].relpath(), b.pages()[i].relpath());
    EXPECT_EQ(a.pages()[i].mtime(), b.pages()[i].mtime());
    EXPECT_GT(b.pages()[i].mtime(), 0);
  }
  EXPECT_NE(b.find("Declared 3"), nullptr);
  EXPECT_NE(b.find("Source 4"), nullptr);
  EXPECT_NE(b.find("Sub5/Page 5"), nullptr);
}

}  // namespace
// Every registered format writes the same bytes on one thread and on several: pages link to
// each other (and to sections of each other), carry categories, notes and tables.
TEST(Parallel, EveryFormatWritesTheSameBytesOnSeveralThreads) {
  test::TempDir dir;
  for (int i = 0; i < 48; ++i) {
    std::string next = "Page " + std::to_string((i + 1) % 48);
    dir.write("Page " + std::to_string(i) + ".md",
              "# Part " + std::to_string(i) + "\n\nSee <a href=\"" + next + "#Part_" + std::to_string((i + 1) % 48) +
                  "\" class=\"wikilink\" title=\"" + next + "\">the next</a>, ~~old~~ and a note[^n].\n\n"
                  "| a | b |\n|---|---|\n| " + std::to_string(i) + " | `x` |\n\n[^n]: Note " + std::to_string(i) +
                  ".\n\n<a href=\"Category:Group_" + std::to_string(i % 3) + "\" class=\"wikilink\" title=\"Category:Group " +
                  std::to_string(i % 3) + "\">Category:Group " + std::to_string(i % 3) + "</a>\n");
  }
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);  // dump and book times from the files' mtimes otherwise
  for (const WriterInfo& info : writers()) {
    std::map<std::string, std::string> outputs[2];
    unsigned threads[2] = {1, 3};
    for (int k = 0; k < 2; ++k) {
      Diagnostics diagnostics;
      Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, diagnostics);
      test::TempDir out;
      std::filesystem::path target = info.wiki_output == WikiOutput::File ? out.path() / "wiki.out" : out.path() / "tree";
      WriteContext context;
      context.diagnostics = &diagnostics;
      context.threads = threads[k];
      make_writer(info.name, {})->write_wiki(wiki, target, context);
      outputs[k] = fuzz::read_tree(target);
    }
    EXPECT_GE(outputs[0].size(), 1u) << info.name;
    EXPECT_TRUE(outputs[0] == outputs[1]) << info.name << " differs between 1 and 3 threads";
  }
  unsetenv("SOURCE_DATE_EPOCH");
}

// Workers write page files straight to their place; when two pages get one file name, the one
// after the other in page order is the error, whichever worker got there first. Here the first
// page is held back so that the second writes the file first.
TEST(Parallel, TheSecondPageOfOneFileNameIsTheErrorWhicheverIsWrittenFirst) {
  test::TempDir dir;
  for (int i = 0; i < 40; ++i) dir.write("Page " + std::to_string(100 + i) + ".md", "Text " + std::to_string(i) + "\n");
  for (const std::string format : {"wikitext", "gfm"}) {
    for (unsigned threads : {1u, 2u, 4u}) {
      Diagnostics diagnostics;
      Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, diagnostics);
      wiki.set_page_filter([](Page& page) {
        if (page.title == "Page 105") std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (page.title == "Page 105" || page.title == "Page 107") page.title = "Same";
      });
      test::TempDir out;
      WriteContext context;
      context.diagnostics = &diagnostics;
      context.threads = threads;
      try {
        make_writer(format, {})->write_wiki(wiki, out.path() / "tree", context);
        ADD_FAILURE() << format << " -j" << threads << ": two pages of one file name were written";
      } catch (const Error& e) {
        EXPECT_NE(e.file().find("Page 107.md"), std::string::npos) << format << " -j" << threads << ": " << e.file();
        EXPECT_NE(std::string(e.message()).find("would be written twice"), std::string::npos) << e.message();
      }
      // Without the second page, the first one's text is the file's.
      wiki.set_page_filter([](Page& page) {
        if (page.title == "Page 105") page.title = "Same";
      });
      test::TempDir again;
      make_writer(format, {})->write_wiki(wiki, again.path() / "tree", context);
      auto tree = fuzz::read_tree(again.path() / "tree");
      std::string same = format == "gfm" ? "Same.md" : "Same.wiki";
      ASSERT_EQ(tree.count(same), 1u) << format;
      EXPECT_NE(tree[same].find("Text 5"), std::string::npos) << tree[same];
    }
  }
}

}  // namespace wikiconv
