#include "writers/output_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/path_join.hpp"
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

namespace {

// Whether `p` is names joined by single '/'s, none empty, "." or "..": a path that
// lexically_normal leaves as it is and that cannot climb out of a folder it is joined to.
bool plain_names(std::string_view p) {
  for (std::size_t start = 0;;) {
    std::size_t slash = p.find('/', start);
    std::string_view name = p.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (name.empty() || name == "." || name == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

}  // namespace

fs::path contained_path(const fs::path& root, const fs::path& relative) {
  if (relative.is_absolute()) throw Error(relative.string(), 0, "absolute path refused in output");
  // Every page file comes through here: when both are already normal (a title's path always
  // is), joining them is the whole work, without parsing three paths.
  std::string_view folder = root.native(), rel = relative.native();
  std::string_view names = folder.starts_with('/') ? folder.substr(1) : folder;
  if (names.ends_with('/')) names.remove_suffix(1);
  if ((names.empty() ? folder == "/" : plain_names(names)) && plain_names(rel))
    return fs::path(join_path(folder, rel));
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

namespace {

// Whether open(..., 0644) may create a file with fewer permissions than 0644, as the process's
// umask was when a conversion's output last began (read_umask()); until then, yes.
std::atomic<bool> umask_strips_0644{true};

// Creates `path` with `data` unless something is there (false then). The file gets mode 0644
// whatever the umask, as AtomicFile's files do; its chmod is left out where the umask takes none
// of those bits (a system call less per page file).
bool create_file(const fs::path& path, std::string_view data) {
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  int fd = ::open(path.c_str(), kFlags, 0644);
  if (fd < 0 && errno == ENOENT && path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    fd = ::open(path.c_str(), kFlags, 0644);
  }
  if (fd < 0 && errno == EEXIST) return false;
  if (fd < 0) throw Error(path.string(), 0, std::string("cannot create file: ") + std::strerror(errno));
  bool ok = !umask_strips_0644.load(std::memory_order_relaxed) || ::fchmod(fd, 0644) == 0;
  for (std::size_t done = 0; ok && done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  int error = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (!ok) throw Error(path.string(), 0, std::string("write failed: ") + std::strerror(error));
  return true;
}

}  // namespace

void read_umask() {
  // Linux gives the umask in /proc/self/status, on its second line; umask(2) reads it only by
  // setting it, which races with other threads. Elsewhere, or unreadable: every file gets its
  // chmod.
  unsigned mask = 0777;
  int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    char head[256];
    ssize_t n = ::read(fd, head, sizeof head - 1);
    ::close(fd);
    if (n > 0) {
      head[n] = '\0';
      if (const char* line = std::strstr(head, "\nUmask:")) std::sscanf(line + 1, "Umask: %o", &mask);
    }
  }
  umask_strips_0644.store((mask & 0644) != 0, std::memory_order_relaxed);
}

void write_fresh_file(const fs::path& path, std::string_view data) {
  if (!create_file(path, data)) write_file_atomic(path, data);
}

PageFile write_page_file(const fs::path& output, fs::path rel, std::string text) {
  PageFile file;
  file.path = contained_path(output, rel);
  file.rel = std::move(rel);
  file.written = create_file(file.path, text);
  if (!file.written) file.text = std::move(text);
  return file;
}

void PageFiles::settle(PageFile& file, const std::function<std::string()>& shown_path) {
  if (!settled_.insert(file.path.native()).second)
    throw Error(shown_path(), 0, "output file " + file.rel.string() + " would be written twice");
  if (!file.written) write_file_atomic(file.path, file.text);
}

}  // namespace wikiconv
