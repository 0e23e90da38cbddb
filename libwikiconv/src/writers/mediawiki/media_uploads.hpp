// The wiki's media files in a dump: each file's versions as the <upload> elements of its File:
// page, with the file's bytes embedded (<contents encoding="base64">), in the form MediaWiki's
// own exporter writes (XmlDumpWriter::writeUpload) and `importDump.php --uploads` stores:
// every version but the last as an old version under its <archivename>, the last as the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wikiconv/wiki.hpp"

namespace wikiconv {

class AuthorMap;

// One version of a media file and who made it.
struct MediaVersion {
  std::string data;  // the file's bytes
  std::int64_t time = 0;
  std::string user;
  std::string comment;
  std::string former_title;  // the File: title the file had before this version renamed it
  std::uint64_t change = 0;  // the git change's Revision::id (0: not from git)
};

struct MediaCredit {
  bool history = false;        // every git commit of the file; else its current bytes only
  const AuthorMap* authors = nullptr;
  std::string_view contributor;  // for a version git does not date and credit
  std::string_view comment;
};

// The file's versions, oldest first: with `history`, one per git commit that changed it,
// credited to its author with the commit's subject (a commit that only renamed it is a version
// of the same bytes, which upload_elements leaves out); otherwise (or when git has none) its
// current bytes, credited to the contributor and dated as Wiki::media_timestamp.
std::vector<MediaVersion> media_versions(const Wiki& wiki, const std::filesystem::path& file,
                                         const MediaCredit& credit, Diagnostics& diagnostics);

// The <upload> elements of the versions, but for a version of the same bytes as the one before
// (a rename: MediaWiki moves a file's page, it uploads nothing); `title` is the File: title,
// `relpath` the file's path in the wiki folder (the <src>).
std::string upload_elements(std::string_view title, std::string_view relpath,
                            const std::vector<MediaVersion>& versions);

// The text of a File: page the wiki has no page file for (what an upload's description is).
std::string file_page_text(std::string_view relpath);

}  // namespace wikiconv
