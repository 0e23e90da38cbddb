// DokuWiki media: the media id of a wiki file a page shows (DokuWiki decides by an id's
// extension alone whether {{..}} is an image), and copying the files into data/media.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "wikiconv/diagnostics.hpp"
#include "wikiconv/wiki.hpp"

namespace wikiconv::dokuwiki {

// A media file a page shows: its File: title in the wiki and its DokuWiki media id.
struct MediaUse {
  std::string file;
  std::string id;
};

// True when DokuWiki's mimetype() of a media source says image (its text after the last '.').
bool has_image_extension(std::string_view src);

// The media id of a wiki file ("Logo.png", "File:Logo.png"), appended to `uses` for copying;
// empty when the name gives no id. An image's id ends in an extension DokuWiki shows as an
// image: a name without a known one gets the type its first bytes show (else ".png").
std::string media_id(std::string_view file_title, bool image, const Wiki* wiki, std::vector<MediaUse>& uses);

// Copies the files pages show into OUT/media, each id once; reports missing files and two
// files with one id.
class MediaCopier {
 public:
  MediaCopier(const Wiki& wiki, std::filesystem::path media_dir, Diagnostics& diagnostics)
      : wiki_(wiki), media_dir_(std::move(media_dir)), diagnostics_(diagnostics) {}
  // `relpath`: the page that shows them (for diagnostics).
  void copy(const std::vector<MediaUse>& uses, const std::string& relpath);
  // The files copied: media id -> source file.
  const std::map<std::string, std::filesystem::path>& copied() const { return copied_; }

 private:
  const Wiki& wiki_;
  std::filesystem::path media_dir_;
  Diagnostics& diagnostics_;
  std::map<std::string, std::filesystem::path> copied_;  // media id -> source
  std::set<std::string> missing_;
};

}  // namespace wikiconv::dokuwiki
