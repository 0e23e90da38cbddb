#include "conversion/staged_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "wikiconv/conversion.hpp"
#include "writers/output_files.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

namespace {

// ".NAME.wikiconv-" + pid + "-" + n: a run killed with SIGKILL can leave one; the next run
// removes those whose process is gone.
std::string staging_prefix(const fs::path& target) { return "." + target.filename().string() + ".wikiconv-"; }

void remove_abandoned(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    fs::remove_all(entry.path(), ec);
  }
}

[[noreturn]] void fail(const fs::path& path, const std::string& what, const std::error_code& ec) {
  throw OutputError(path.string(), 0, what + ": " + ec.message());
}

// Swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE); false where unsupported.
bool exchange(const fs::path& a, const fs::path& b) {
#ifdef SYS_renameat2
  constexpr unsigned kExchange = 2;  // RENAME_EXCHANGE
  return ::syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), kExchange) == 0;
#else
  return false;
#endif
}

// Whether `target` is to be written into rather than replaced: a character device or a named
// pipe, or anything under /dev or /proc (/dev/stdout is a link to /proc/self/fd/1, whatever that
// is). Renaming a file over /dev/null would replace the device for every program. A block
// device or a socket is refused.
bool written_into(const fs::path& target) {
  std::error_code ec;
  fs::file_status st = fs::status(target, ec);
  if (ec || !fs::exists(st)) return false;
  if (fs::is_block_file(st) || fs::is_socket(st))
    throw OutputError(target.string(), 0, "cannot write there: it is a block device or a socket");
  if (fs::is_character_file(st) || fs::is_fifo(st)) return true;
  std::string path = fs::absolute(target, ec).lexically_normal().string();
  return path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0;
}

// Writes the staged file `from` into `to`, as a shell's `>` would.
void write_into(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!out) throw OutputError(to.string(), 0, std::string("cannot write: ") + std::strerror(errno));
  if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
  if (!in || !out.flush()) throw OutputError(to.string(), 0, "write failed");
}

}  // namespace

StagedOutput::StagedOutput(fs::path target, WikiOutput kind) : target_(std::move(target)), kind_(kind) {
  std::error_code ec;
  fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  if (target_.filename().empty()) throw UsageError(target_.string(), 0, "the output needs a name");
  if (!fs::is_directory(parent, ec))
    throw OutputError(target_.string(), 0, "cannot write: the folder " + parent.string() + " does not exist");
  bool exists = fs::exists(fs::symlink_status(target_, ec));
  into_ = kind_ == WikiOutput::File && written_into(target_);
  if (into_) {
    parent = fs::temp_directory_path(ec);
    if (ec) parent = "/tmp";
  }
  if (exists && kind_ == WikiOutput::Directory && !fs::is_directory(target_, ec))
    throw OutputError(target_.string(), 0, "cannot write a folder there: a file of that name exists");
  if (exists && kind_ == WikiOutput::File && fs::is_directory(target_, ec))
    throw OutputError(target_.string(), 0, "cannot write a file there: a folder of that name exists");
  std::string prefix = staging_prefix(target_);
  remove_abandoned(parent, prefix);
  for (int n = 0;; ++n) {
    staging_ = parent / (prefix + std::to_string(::getpid()) + "-" + std::to_string(n));
    if (fs::create_directory(staging_, ec)) break;
    if (ec) fail(target_, "cannot write in " + parent.string(), ec);
  }
  path_ = kind_ == WikiOutput::Directory ? staging_ : staging_ / target_.filename();
  if (kind_ == WikiOutput::Directory) read_umask();  // for the page files (write_fresh_file)
}

StagedOutput::~StagedOutput() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void StagedOutput::commit() {
  std::error_code ec;
  if (kind_ == WikiOutput::Directory) {
    if (fs::exists(fs::symlink_status(target_, ec))) {
      if (!exchange(staging_, target_)) {
        // No atomic exchange: the old folder moves aside first, and back if the move fails.
        fs::path old = staging_.string() + "-old";
        fs::rename(target_, old, ec);
        if (ec) fail(target_, "cannot replace", ec);
        fs::rename(staging_, target_, ec);
        if (ec) {
          std::error_code undo;
          fs::rename(old, target_, undo);
          fail(target_, "cannot replace", ec);
        }
        fs::remove_all(old, ec);
      }
      // staging_ now holds the old output and goes with the destructor.
    } else {
      fs::rename(staging_, target_, ec);
      if (ec) fail(target_, "cannot write", ec);
    }
  } else if (into_) {
    for (const auto& entry : fs::directory_iterator(staging_, ec)) {
      std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] != '.' && entry.path() != path_)
        throw OutputError(target_.string(), 0, "cannot write " + name + " beside it: the output is a device or a pipe (a split dump needs a folder)");
    }
    write_into(path_, target_);
  } else {
    // The file, and the parts of a split dump beside it.
    fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    for (const auto& entry : fs::directory_iterator(staging_, ec)) {
      std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] == '.') continue;  // a writer's own temporary file
      fs::rename(entry.path(), parent / name, ec);
      if (ec) fail(parent / name, "cannot write", ec);
    }
    if (ec) fail(target_, "cannot write", ec);
  }
  committed_ = true;
}

}  // namespace wikiconv
