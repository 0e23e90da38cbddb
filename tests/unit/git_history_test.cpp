// Page histories read from git (Wiki::revisions), on throwaway repositories made with the git
// command.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "test_support.hpp"
#include "wikiconv/wikiconv.hpp"

using wikiconv::test::TempDir;

namespace wikiconv {
namespace {

// Runs git in `dir` with fixed identities and dates; fails the test when git does.
void git(const std::filesystem::path& dir, const std::string& args, const std::string& author = "Ann <ann@example.org>",
         long when = 1700000000) {
  std::string name = author.substr(0, author.find(" <"));
  std::string email = author.substr(author.find('<') + 1, author.find('>') - author.find('<') - 1);
  std::string date = std::to_string(when) + " +0000";
  std::string cmd = "cd '" + dir.string() + "' && GIT_AUTHOR_NAME='" + name + "' GIT_AUTHOR_EMAIL='" + email +
                    "' GIT_AUTHOR_DATE='" + date + "' GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.org" +
                    " GIT_COMMITTER_DATE='" + date + "' GIT_CONFIG_GLOBAL=/dev/null git -c init.defaultBranch=main " +
                    args + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

bool have_git() { return std::system("git --version >/dev/null 2>&1") == 0; }

// A wiki in the folder "wiki" of a repository: three commits by two authors, one a rename.
struct HistoryRepo {
  TempDir dir;
  std::filesystem::path wiki = dir.path() / "wiki";
  HistoryRepo() {
    git(dir.path(), "init -q");
    dir.write("README", "not a page\n");
    dir.write("wiki/Alpha.md", "# Alpha\n\nfirst\n");
    dir.write("wiki/Beta.md", "beta\n");
    git(dir.path(), "add -A");
    git(dir.path(), "commit -q -m 'Start the wiki' -m 'with a body'", "Ann <ann@example.org>", 1700000000);
    dir.write("wiki/Alpha.md", "# Alpha\n\nsecond\n");
    git(dir.path(), "commit -q -am 'Edit Alpha'", "Bob <bob@example.org>", 1700000100);
    git(dir.path(), "mv wiki/Alpha.md wiki/Gamma.md");
    git(dir.path(), "commit -q -m 'Rename Alpha to Gamma'", "Bob <bob@example.org>", 1700000200);
  }
};

TEST(GitHistory, RevisionsOldestFirstFollowingRenames) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  HistoryRepo repo;
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(repo.wiki, {}, diagnostics);
  const PageEntry* gamma = wiki.find("Gamma");
  ASSERT_NE(gamma, nullptr);
  std::vector<Revision> revisions = wiki.revisions(*gamma, diagnostics);
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0].author, "Ann");
  EXPECT_EQ(revisions[0].email, "ann@example.org");
  EXPECT_EQ(revisions[0].time, 1700000000);
  EXPECT_EQ(revisions[0].message, "Start the wiki");  // the subject, not the body
  EXPECT_EQ(revisions[0].path, "Alpha.md");
  EXPECT_EQ(revisions[1].author, "Bob");
  EXPECT_EQ(revisions[1].message, "Edit Alpha");
  EXPECT_EQ(revisions[2].path, "Gamma.md");
  EXPECT_EQ(revisions[2].message, "Rename Alpha to Gamma");
  EXPECT_EQ(wiki.revision_text(revisions[0]), "# Alpha\n\nfirst\n");
  EXPECT_EQ(wiki.revision_text(revisions[1]), "# Alpha\n\nsecond\n");
  EXPECT_EQ(wiki.revision_title(revisions[0]), "Alpha");
  EXPECT_EQ(revisions[0].commit.size(), 40u);
  // Ids grow with history and are distinct across files.
  std::vector<Revision> beta = wiki.revisions(*wiki.find("Beta"), diagnostics);
  ASSERT_EQ(beta.size(), 1u);
  EXPECT_LT(revisions[0].id, revisions[1].id);
  EXPECT_LT(revisions[1].id, revisions[2].id);
  EXPECT_NE(beta[0].id, revisions[0].id);
  EXPECT_EQ(wiki.revision_count(diagnostics), 4u);
  Page old = wiki.load_revision(*gamma, revisions[0], diagnostics);
  EXPECT_EQ(old.title, "Gamma");  // the current title
  EXPECT_EQ(old.timestamp, 1700000000);
  EXPECT_EQ(diagnostics.warning_count(), 0u);
  EXPECT_EQ(wiki.timestamp(*gamma), 1700000200);  // the last commit's author time
}

TEST(GitHistory, TimestampsNeedNoGitCommandAndSayNothing) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  HistoryRepo repo;
  repo.dir.write("wiki/Beta.md", "beta, edited\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(repo.wiki, {}, diagnostics);
  std::size_t before = diagnostics.warning_count();
  EXPECT_EQ(wiki.timestamp(*wiki.find("Gamma")), 1700000200);
  EXPECT_EQ(wiki.timestamp(*wiki.find("Beta")), wiki.find("Beta")->mtime());  // changed since its commit
  Page page = wiki.load(*wiki.find("Gamma"), diagnostics);
  EXPECT_EQ(page.timestamp, 1700000200);
  EXPECT_EQ(diagnostics.warning_count(), before);  // dating pages is no request for history
}

TEST(GitHistory, UncommittedChangesFallBackWithOneWarning) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  HistoryRepo repo;
  repo.dir.write("wiki/Beta.md", "beta, edited\n");
  repo.dir.write("wiki/New.md", "new\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(repo.wiki, {}, diagnostics);
  std::size_t before = diagnostics.warning_count();
  EXPECT_TRUE(wiki.revisions(*wiki.find("Beta"), diagnostics).empty());
  EXPECT_TRUE(wiki.revisions(*wiki.find("New"), diagnostics).empty());
  EXPECT_EQ(wiki.revisions(*wiki.find("Gamma"), diagnostics).size(), 3u);
  ASSERT_EQ(diagnostics.warning_count(), before + 1);  // said once
  std::string message = diagnostics.items().back().message;
  EXPECT_NE(message.find("2 files have uncommitted changes"), std::string::npos) << message;
  EXPECT_NE(message.find("Beta.md"), std::string::npos) << message;
}

TEST(GitHistory, OutsideGitNoHistory) {
  TempDir dir;
  dir.write("Page.md", "text\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(dir.path(), {}, diagnostics);
  EXPECT_TRUE(wiki.revisions(*wiki.find("Page"), diagnostics).empty());
  EXPECT_TRUE(wiki.revisions(*wiki.find("Page"), diagnostics).empty());
  ASSERT_EQ(diagnostics.warning_count(), 1u);
  EXPECT_NE(diagnostics.items()[0].message.find("not in a git repository"), std::string::npos);
  EXPECT_EQ(wiki.revision_count(diagnostics), 0u);
}

TEST(GitHistory, MediaWikiDumpWithEveryRevision) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  HistoryRepo repo;
  repo.dir.write("authors.txt", "# git author = wiki user\nBob <BOB@example.org> = Robert\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(repo.wiki, {}, diagnostics);
  Options options;
  options.set("history", "all").set("authors", (repo.dir.path() / "authors.txt").string());
  std::filesystem::path out = repo.dir.path() / "dump.xml";
  WriteContext context;
  context.diagnostics = &diagnostics;
  make_writer("mediawiki", options)->write_wiki(wiki, out, context);
  std::string xml;
  {
    std::ifstream in(out);
    xml.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto count = [&](std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = xml.find(what); at != std::string::npos; at = xml.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<revision>"), 5u);  // Beta 1, Gamma 3, the redirect from Alpha 1
  EXPECT_EQ(count("<username>Ann</username>"), 2u);
  EXPECT_EQ(count("<username>Robert</username>"), 3u);
  EXPECT_EQ(count("<parentid>"), 2u);
  EXPECT_NE(xml.find("<comment>Edit Alpha</comment>"), std::string::npos);
  EXPECT_NE(xml.find("<timestamp>2023-11-14T22:15:00Z</timestamp>"), std::string::npos);
  EXPECT_NE(xml.find("<title>Alpha</title>"), std::string::npos);
  EXPECT_NE(xml.find("#REDIRECT [[:Gamma]]"), std::string::npos);
  EXPECT_THROW(make_writer("mediawiki", Options().set("history", "some")), Error);
}

// A media file's versions (Wiki::media_revisions): its bytes at each commit, oldest first,
// across a rename; a file changed since its commit has none and is dated by its mtime.
TEST(GitHistory, MediaRevisions) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  HistoryRepo repo;
  repo.dir.write("wiki/media/Logo.png", std::string("\x89PNG\0one", 8));
  repo.dir.write("wiki/media/Map.png", "map");
  git(repo.dir.path(), "add -A");
  git(repo.dir.path(), "commit -q -m 'Add pictures'", "Ann <ann@example.org>", 1700000300);
  repo.dir.write("wiki/media/Logo.png", std::string("\x89PNG\0two", 8));
  git(repo.dir.path(), "commit -q -am 'New logo'", "Bob <bob@example.org>", 1700000400);
  git(repo.dir.path(), "mv wiki/media/Logo.png wiki/media/Emblem.png");
  git(repo.dir.path(), "commit -q -m 'Logo is an emblem'", "Bob <bob@example.org>", 1700000500);
  repo.dir.write("wiki/media/Map.png", "map, changed");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(repo.wiki, {}, diagnostics);
  const std::filesystem::path* emblem = wiki.find_media("File:Emblem.png");
  ASSERT_NE(emblem, nullptr);
  std::vector<Revision> versions = wiki.media_revisions(*emblem, diagnostics);
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].author, "Ann");
  EXPECT_EQ(versions[0].path, "media/Logo.png");
  EXPECT_EQ(wiki.revision_text(versions[0]), std::string("\x89PNG\0one", 8));
  EXPECT_EQ(versions[1].message, "New logo");
  EXPECT_EQ(wiki.revision_text(versions[1]), std::string("\x89PNG\0two", 8));
  EXPECT_EQ(versions[2].path, "media/Emblem.png");
  EXPECT_EQ(wiki.media_timestamp(*emblem), 1700000500);
  const std::filesystem::path* map = wiki.find_media("File:Map.png");
  ASSERT_NE(map, nullptr);
  EXPECT_TRUE(wiki.media_revisions(*map, diagnostics).empty());
  EXPECT_NE(wiki.media_timestamp(*map), 1700000300);  // its mtime: the file is not as committed
}

// DokuWiki tells a page's revisions apart by date alone: two commits in one second get two.
// A media file's history is there too (Wiki::media_revisions).
TEST(GitHistory, DokuWikiRevisionDatesStayApartAndMediaHasHistory) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  TempDir dir;
  git(dir.path(), "init -q");
  dir.write("wiki/Page.md", "one\n");
  dir.write("wiki/Logo.png", "not really a png\n");
  git(dir.path(), "add -A");
  git(dir.path(), "commit -q -m 'First'", "Ann <ann@example.org>", 1700000000);
  dir.write("wiki/Page.md", "two\n");
  git(dir.path(), "commit -q -am 'Second, same second'", "Bob <bob@example.org>", 1700000000);
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(dir.path() / "wiki", {}, diagnostics);
  std::filesystem::path out = dir.path() / "out";
  WriteContext context;
  context.diagnostics = &diagnostics;
  make_writer("dokuwiki", Options().set("history", "all"))->write_wiki(wiki, out, context);
  std::ifstream in(out / "meta" / "page.changes");
  std::string changes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(changes,
            "1700000000\t127.0.0.1\tC\tpage\tAnn\tFirst\t\t4\n"
            "1700000001\t127.0.0.1\tE\tpage\tBob\tSecond, same second\t\t0\n");
  EXPECT_TRUE(std::filesystem::exists(out / "attic" / "page.1700000000.txt.gz"));
  EXPECT_TRUE(std::filesystem::exists(out / "attic" / "page.1700000001.txt.gz"));
  std::vector<Revision> media = wiki.media_revisions(*wiki.find_media("File:Logo.png"), diagnostics);
  ASSERT_EQ(media.size(), 1u);
  EXPECT_EQ(media[0].author, "Ann");
  EXPECT_EQ(media[0].message, "First");
}

TEST(AuthorMap, RejectsALineWithoutUser) {
  TempDir dir;
  dir.write("authors.txt", "Ann <ann@example.org>\n");
  EXPECT_THROW(make_writer("mediawiki", Options().set("authors", (dir.path() / "authors.txt").string())), Error);
}

}  // namespace
}  // namespace wikiconv
