#include "writers/mediawiki/media_uploads.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "util/html_tag.hpp"
#include "wiki/title.hpp"
#include "writers/author_map.hpp"
#include "writers/libcrypto_api.hpp"
#include "writers/mediawiki/dump_time.hpp"
#include "writers/mediawiki/sha1_base36.hpp"

namespace wikiconv {

namespace {

std::string read_media(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string(), 0, std::string("cannot read media file: ") + std::strerror(errno));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Base64 in lines of 76 characters, as PHP's chunk_split in MediaWiki's exporter.
void append_base64(std::string& out, std::string_view data) {
  constexpr std::size_t kLineBytes = 57;  // 76 characters
  unsigned char line[80];
  for (std::size_t at = 0; at < data.size(); at += kLineBytes) {
    std::size_t n = std::min(kLineBytes, data.size() - at);
    int written = libcrypto().EVP_EncodeBlock(line, reinterpret_cast<const unsigned char*>(data.data() + at), static_cast<int>(n));
    out.append(reinterpret_cast<const char*>(line), static_cast<std::size_t>(written));
    out += '\n';
  }
}

// A path as a URI reference (<src> is an anyURI): unreserved characters and '/' as they are.
std::string uri_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

std::vector<MediaVersion> media_versions(const Wiki& wiki, const std::filesystem::path& file,
                                         const MediaCredit& credit, Diagnostics& diagnostics) {
  std::vector<MediaVersion> versions;
  if (credit.history) {
    std::vector<Revision> revisions = wiki.media_revisions(file, diagnostics);
    for (std::size_t i = 0; i < revisions.size(); ++i) {
      const Revision& r = revisions[i];
      std::string user = r.author.empty() ? std::string(credit.contributor)
                         : credit.authors ? credit.authors->user(r.author, r.email) : r.author;
      std::string former;
      if (i > 0 && !revisions[i - 1].path.empty() && revisions[i - 1].path != r.path)
        former = media_title(std::filesystem::path(revisions[i - 1].path).filename().string());
      versions.push_back({wiki.revision_text(r), r.time, std::move(user), r.message, std::move(former), r.id});
    }
    if (!versions.empty()) return versions;
  }
  versions.push_back({read_media(file), wiki.media_timestamp(file), std::string(credit.contributor),
                      std::string(credit.comment), {}, 0});
  return versions;
}

std::string upload_elements(std::string_view title, std::string_view relpath,
                            const std::vector<MediaVersion>& versions) {
  // <filename> is the title's name with underscores, as MediaWiki stores it.
  std::string filename(title.substr(title.find(':') + 1));
  for (char& c : filename)
    if (c == ' ') c = '_';
  // The versions that change the bytes; the last is the file, the others old versions.
  std::vector<const MediaVersion*> uploads;
  for (const MediaVersion& v : versions)
    if (uploads.empty() || v.data != uploads.back()->data) uploads.push_back(&v);
  std::string out;
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    const MediaVersion& v = *uploads[i];
    out += "    <upload>\n      <timestamp>" + iso_timestamp(v.time) +
           "</timestamp>\n      <contributor>\n        <username>";
    html::escape(out, v.user);
    out += "</username>\n        <id>0</id>\n      </contributor>\n      <comment>";
    html::escape(out, v.comment);
    out += "</comment>\n      <filename>";
    html::escape(out, filename);
    out += "</filename>\n";
    // An old version names its archived copy: importing the dump again finds that copy there
    // and adds nothing (without a name the importer makes one up, and a second copy each time).
    if (i + 1 < uploads.size()) {
      out += "      <archivename>";
      html::escape(out, mediawiki_timestamp(v.time) + "!" + filename);
      out += "</archivename>\n";
    }
    out += "      <src>";
    html::escape(out, uri_path(relpath));
    out += "</src>\n      <size>" + std::to_string(v.data.size()) + "</size>\n      <sha1base36>" +
           sha1_base36(v.data) + "</sha1base36>\n      <contents encoding=\"base64\">\n";
    append_base64(out, v.data);
    out += "      </contents>\n    </upload>\n";
  }
  return out;
}

std::string file_page_text(std::string_view relpath) {
  std::string path;
  for (char c : relpath) path += c == '<' ? std::string("&lt;") : std::string(1, c);  // no </nowiki>
  return "Imported by wikiconv from <code><nowiki>" + path + "</nowiki></code>.";
}

}  // namespace wikiconv
