#include "writers/dokuwiki/media.hpp"

#include <fstream>
#include <sstream>

#include "util/utf8.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/output_files.hpp"

namespace wikiconv::dokuwiki {

namespace {

// The extensions of a stock DokuWiki's conf/mime.conf: {{..}} of any other is not shown as an
// image, nor offered as a file of a known type.
bool dokuwiki_knows_extension(std::string_view name) {
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext = utf8::to_lower(name.substr(dot + 1));
  static const std::set<std::string, std::less<>> kKnown = {
      "jpg", "jpeg", "gif", "png", "ico", "svg", "mp3", "ogg", "wav", "webm", "ogv", "mp4", "vtt", "tgz", "tar",
      "gz", "bz2", "zip", "rar", "7z", "pdf", "ps", "rpm", "deb", "doc", "xls", "ppt", "rtf", "docx", "xlsx",
      "pptx", "sxw", "sxc", "sxi", "sxd", "odc", "odf", "odg", "odi", "odp", "ods", "odt"};
  return kKnown.count(ext) > 0;
}

// Browsers sniff images; DokuWiki goes by the name: the type the file's first bytes show.
std::string_view sniffed_image_extension(const std::filesystem::path* file) {
  if (!file) return ".png";
  char head[16] = {};
  std::ifstream in(*file, std::ios::binary);
  in.read(head, sizeof head);
  std::string_view h(head, static_cast<std::size_t>(in.gcount()));
  if (h.rfind("\xFF\xD8\xFF", 0) == 0) return ".jpg";
  if (h.rfind("GIF8", 0) == 0) return ".gif";
  if (h.rfind(std::string_view("\0\0\1\0", 4), 0) == 0) return ".ico";
  if (h.rfind("<svg", 0) == 0 || h.rfind("<?xml", 0) == 0) return ".svg";
  return ".png";
}

}  // namespace

bool has_image_extension(std::string_view src) {
  std::size_t hash = src.find('#');
  if (hash != std::string_view::npos) src = src.substr(0, hash);
  std::size_t dot = src.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext = utf8::to_lower(src.substr(dot + 1));
  return ext == "jpg" || ext == "jpeg" || ext == "gif" || ext == "png" || ext == "ico" || ext == "svg";
}

std::string media_id(std::string_view file_title, bool image, const Wiki* wiki, std::vector<MediaUse>& uses) {
  std::string_view name = file_title;
  if (!name.empty() && name.front() == ':') name.remove_prefix(1);
  std::size_t colon = name.find(':');
  if (colon != std::string_view::npos) name = name.substr(colon + 1);
  std::string file = "File:" + std::string(name);
  std::string id = clean_id(name);
  if (id.empty()) return id;
  if (image && !dokuwiki_knows_extension(id)) id += sniffed_image_extension(wiki ? wiki->find_media(file) : nullptr);
  uses.push_back({std::move(file), id});
  return id;
}

void MediaCopier::copy(const std::vector<MediaUse>& uses, const std::string& relpath) {
  for (const MediaUse& use : uses) {
    const std::filesystem::path* source = wiki_.find_media(use.file);
    if (!source) {
      if (missing_.insert(use.file).second)
        diagnostics_.add({Severity::Warning, relpath, 0, "media " + use.file + " is not in the wiki; not copied", 0,
                          "media not in the wiki, not copied"});
      continue;
    }
    auto [it, inserted] = copied_.emplace(use.id, *source);
    if (!inserted) {
      if (it->second != *source)
        diagnostics_.error(relpath, 0, "media files " + it->second.string() + " and " + source->string() +
                                           " both become DokuWiki media id \"" + use.id + "\"; the second is not copied");
      continue;
    }
    std::ifstream in(*source, std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    if (!in && !in.eof()) {
      diagnostics_.error(source->string(), 0, "cannot read media file");
      continue;
    }
    write_file_atomic(contained_path(media_dir_, media_file(use.id)), data.str());
  }
}

}  // namespace wikiconv::dokuwiki
