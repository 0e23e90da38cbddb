#include "writers/output_files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wikiconv/diagnostics.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

fs::path safe_relative_path(std::string_view title, std::string_view extension) {
  fs::path out;
  std::size_t pos = 0;
  while (pos <= title.size()) {
    std::size_t slash = title.find('/', pos);
    if (slash == std::string_view::npos) slash = title.size();
    std::string seg;
    for (char c : title.substr(pos, slash - pos)) {
      auto u = static_cast<unsigned char>(c);
      seg += (u < 0x20 || c == '\\' || u == 0x7F) ? '_' : c;
    }
    if (seg == "." || seg == "..") seg = std::string(seg.size(), '_');
    if (!seg.empty()) out /= seg;
    pos = slash + 1;
  }
  if (out.empty()) out = "_";
  // Keep each segment within common file-name limits (255 bytes), cutting at a character.
  fs::path limited;
  for (const auto& part : out) {
    std::string s = part.string();
    if (s.size() > 200) {
      std::size_t cut = 200;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      s.resize(cut);
    }
    limited /= s;
  }
  limited += std::string(extension);
  return limited;
}

fs::path contained_path(const fs::path& root, const fs::path& relative) {
  if (relative.is_absolute()) throw Error(relative.string(), 0, "absolute path refused in output");
  fs::path joined = (root / relative).lexically_normal();
  fs::path base = root.lexically_normal();
  auto r = base.begin(), j = joined.begin();
  for (; r != base.end(); ++r, ++j) {
    if (r->empty()) continue;  // trailing separator
    if (j == joined.end() || *r != *j) throw Error(relative.string(), 0, "path leaves the output directory");
  }
  return joined;
}

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  std::error_code ec;
  if (target_.has_parent_path()) fs::create_directories(target_.parent_path(), ec);
  std::string tmpl = (target_.parent_path() / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) throw Error(target_.string(), 0, std::string("cannot create file: ") + std::strerror(errno));
  temp_ = tmpl;
  file_ = fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    throw Error(target_.string(), 0, std::string("cannot open file: ") + std::strerror(errno));
  }
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::write(std::string_view data) {
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size())
    throw Error(target_.string(), 0, std::string("write failed: ") + std::strerror(errno));
}

void AtomicFile::close() {
  if (!file_) return;
  if (std::fflush(file_) != 0 || std::fclose(file_) != 0) {
    file_ = nullptr;
    throw Error(target_.string(), 0, std::string("write failed: ") + std::strerror(errno));
  }
  file_ = nullptr;
  // mkstemp creates 0600; give the file the usual permissions.
  std::error_code ec;
  fs::permissions(temp_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                             fs::perms::others_read, ec);
}

void AtomicFile::commit() {
  close();
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw Error(target_.string(), 0, "cannot rename into place: " + ec.message());
  committed_ = true;
}

void write_file_atomic(const fs::path& path, std::string_view data) {
  AtomicFile file(path);
  file.write(data);
  file.commit();
}

}  // namespace wikiconv
