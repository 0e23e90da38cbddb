// A page's git history as DokuWiki keeps a page's history (history=all): every version in
// data/attic/<id>.<date>.txt.gz, a line per version in data/meta/<id>.changes, the page's
// data/meta/<id>.meta (created, modified, creator, contributors, last change), and the page
// file dated by its last version, so that DokuWiki sees no external edit. The formats are those
// of DokuWiki's inc/ChangeLog (ChangeLogTrait::buildLogLine) and inc/File/PageFile.php.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "wikiconv/wiki.hpp"
#include "writers/author_map.hpp"

namespace wikiconv::dokuwiki {

// history= and authors=: whether the tree takes the pages' git history along, and who is
// credited with each change.
struct HistoryOptions {
  bool all = false;    // history=all (default latest: the current pages only, as before)
  AuthorMap authors;   // git authors -> wiki user names
};

// One version of a page, as DokuWiki's changelog records it.
struct PageVersion {
  std::int64_t date = 0;  // DokuWiki's revision id: unique per page, increasing
  std::string user;       // the wiki user the change is credited to
  std::string name;       // the author's full name (metadata's creator and contributors)
  std::string summary;    // the commit's subject
  std::string text;       // the page's DokuWiki text then
};

// The versions' dates: git's author times, each made later than the one before when it is not
// (DokuWiki tells revisions apart by their date alone; git allows equal or earlier times).
std::vector<std::int64_t> revision_dates(const std::vector<Revision>& revisions);

// Writes the attic files, the changelog and the metadata of the page `id` below `output` (the
// data/ folder), and dates the page file (already written, holding versions.back().text).
// Returns the page's changelog lines (for the wiki's global changelog, meta/_dokuwiki.changes).
std::vector<std::string> write_page_history(const std::filesystem::path& output, const std::string& id,
                                            const std::vector<PageVersion>& versions);

// The wiki's changelog (Recent changes): every page's lines, oldest first.
void write_global_changelog(const std::filesystem::path& output, std::vector<std::string> lines);

}  // namespace wikiconv::dokuwiki
