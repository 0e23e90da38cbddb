// A page's git history as DokuWiki keeps a page's history (history=all): every version in
// data/attic/<id>.<date>.txt.gz, a line per version in data/meta/<id>.changes, the page's
// data/meta/<id>.meta (created, modified, creator, contributors, last change), and the page
// file dated by its last version, so that DokuWiki sees no external edit. The formats are those
// of DokuWiki's inc/ChangeLog (ChangeLogTrait::buildLogLine) and inc/File/PageFile.php; media
// files' histories as inc/media.php keeps them.
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

// One version of a page (or media file), as DokuWiki's changelog records it.
struct PageVersion {
  std::int64_t date = 0;  // DokuWiki's revision id: unique per page, increasing
  std::string user;       // the wiki user the change is credited to
  std::string name;       // the author's full name (metadata's creator and contributors)
  std::string summary;    // the commit's subject
  std::string text;       // the page's DokuWiki text then (a media file's bytes)
};

// The versions' dates: git's author times, each made later than the one before when it is not
// (DokuWiki tells revisions apart by their date alone; git allows equal or earlier times).
std::vector<std::int64_t> revision_dates(const std::vector<Revision>& revisions);

// Writes the attic files, the changelog and the metadata of the page `id` below `output` (the
// data/ folder), and dates the page file (already written, holding versions.back().text).
// Returns the page's changelog lines (for the wiki's global changelog, meta/_dokuwiki.changes).
std::vector<std::string> write_page_history(const std::filesystem::path& output, const std::string& id,
                                            const std::vector<PageVersion>& versions);

// The same for the media file `id` (already copied into OUT/media, holding versions.back().text):
// its old versions in media_attic/<name>.<date>.<ext> (unzipped, as DokuWiki keeps them), its
// changelog in media_meta/<id>.changes. Returns its changelog lines.
std::vector<std::string> write_media_history(const std::filesystem::path& output, const std::string& id,
                                             const std::vector<PageVersion>& versions);

// The wiki's changelogs (Recent changes): every page's (or media file's) lines, oldest first,
// in meta/`name` (_dokuwiki.changes for pages, _media.changes for media).
void write_global_changelog(const std::filesystem::path& output, std::vector<std::string> lines,
                            const std::string& name = "_dokuwiki.changes");

}  // namespace wikiconv::dokuwiki
