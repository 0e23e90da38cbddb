// The EPUB container: a zip built with libzip, in memory or straight into the output file.
// What makes it an EPUB and reproducible: `mimetype` first, stored, without extra fields; fixed
// entry times and order.
#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "wikiconv/diagnostics.hpp"
#include "writers/epub/epub_book.hpp"
#include "writers/epub/libzip_api.hpp"

namespace wikiconv::epub {

namespace {

// zlib's level 1: text compresses to about the same size as with the default level in a third
// of the time (deflate was a fifth of a 1,000-article book's time at the default).
constexpr zip_uint32_t kLevel = 1;

[[noreturn]] void fail(const std::string& what, zip_error_t* error) {
  std::string message = what + ": " + libzip().zip_error_strerror(error);
  libzip().zip_error_fini(error);
  throw Error(message);
}

[[noreturn]] void fail(const std::string& what, zip_t* archive) { fail(what, libzip().zip_get_error(archive)); }

// What a source that only reads answers to ZIP_SOURCE_SUPPORTS.
zip_int64_t readable_commands() {
  return libzip().zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                 ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
}

// A source's answer to ZIP_SOURCE_READ from `bytes` in memory, at `offset`, which it advances.
zip_int64_t read_into(std::string_view bytes, std::size_t& offset, void* data, zip_uint64_t length) {
  std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(length), bytes.size() - offset);
  std::memcpy(data, bytes.data() + offset, n);
  offset += n;
  return static_cast<zip_int64_t>(n);
}

// A source's answer to ZIP_SOURCE_ERROR when its one error is `code`.
zip_int64_t error_data(void* data, zip_uint64_t length, int code) {
  if (length < 2 * sizeof(int)) return -1;
  auto* codes = static_cast<int*>(data);
  codes[0] = code;
  codes[1] = 0;
  return 2 * sizeof(int);
}

}  // namespace

DeflatedEntry deflate_entry(std::string_view data) {
  DeflatedEntry entry;
  entry.size = data.size();
  entry.crc = static_cast<std::uint32_t>(crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(data.data()), data.size()));
  z_stream z{};
  // Raw deflate (no zlib header), as zip entries hold it; the parameters libzip uses.
  if (deflateInit2(&z, static_cast<int>(kLevel), Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("cannot start deflate for the EPUB");
  entry.bytes.resize(deflateBound(&z, static_cast<uLong>(data.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(entry.bytes.data());
  z.avail_out = static_cast<uInt>(entry.bytes.size());
  int result = deflate(&z, Z_FINISH);  // deflateBound: one call always finishes
  entry.bytes.resize(entry.bytes.size() - z.avail_out);
  entry.bytes.shrink_to_fit();  // the book holds every chapter until it is written
  deflateEnd(&z);
  if (result != Z_STREAM_END) throw Error("deflate failed for the EPUB");
  return entry;
}

Spill::Spill() {
  std::FILE* file = std::tmpfile();  // unnamed: gone with the process, whatever happens
  if (!file) throw Error("cannot create a temporary file for the EPUB");
  fd_ = dup(fileno(file));
  std::fclose(file);
  if (fd_ < 0) throw Error("cannot create a temporary file for the EPUB");
}

Spill::~Spill() {
  if (fd_ >= 0) close(fd_);
}

Spill::Span Spill::append(std::string_view bytes) {
  Span span{end_, bytes.size()};
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(end_ + done));
    if (n <= 0) throw Error("cannot write the EPUB's temporary file (disk full?)");
    done += static_cast<std::size_t>(n);
  }
  end_ += bytes.size();
  return span;
}

std::size_t Spill::read_at(Span span, std::uint64_t from, char* out, std::size_t length) const {
  std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, span.size - std::min(from, span.size)));
  std::size_t done = 0;
  while (done < want) {
    ssize_t n = pread(fd_, out + done, want - done, static_cast<off_t>(span.offset + from + done));
    if (n <= 0) throw Error("cannot read the EPUB's temporary file");
    done += static_cast<std::size_t>(n);
  }
  return done;
}

std::string Spill::read(Span span) const {
  std::string bytes(static_cast<std::size_t>(span.size), '\0');
  read_at(span, 0, bytes.data(), bytes.size());
  return bytes;
}

// A libzip source of pre-deflated bytes: its stat says "deflated, this size, this CRC", so
// zip_close copies the bytes instead of compressing them again.
struct Container::DeflatedSource {
  DeflatedEntry entry;  // the bytes, unless `spill` holds them
  const Spill* spill = nullptr;
  Spill::Span span;
  std::size_t offset = 0;

  std::uint64_t comp_size() const { return spill ? span.size : entry.bytes.size(); }

  static zip_int64_t callback(void* user, void* data, zip_uint64_t length, zip_source_cmd_t command) {
    auto* self = static_cast<DeflatedSource*>(user);
    switch (command) {
      case ZIP_SOURCE_OPEN:
        self->offset = 0;
        return 0;
      case ZIP_SOURCE_READ: {
        if (!self->spill) return read_into(self->entry.bytes, self->offset, data, length);
        std::size_t n;
        try {  // no exception through libzip's C frames
          n = self->spill->read_at(self->span, self->offset, static_cast<char*>(data), static_cast<std::size_t>(length));
        } catch (const Error&) {
          return -1;
        }
        self->offset += n;
        return static_cast<zip_int64_t>(n);
      }
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        libzip().zip_stat_init(st);
        st->size = self->entry.size;
        st->comp_size = self->comp_size();
        st->crc = self->entry.crc;
        st->comp_method = ZIP_CM_DEFLATE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR:
        return error_data(data, length, ZIP_ER_OPNOTSUPP);
      case ZIP_SOURCE_SUPPORTS:
        return readable_commands();
      default:
        return -1;
    }
  }
};

// Where libzip writes a book to a file: a temporary file beside it, renamed onto it at the end
// (as libzip's own file source does), written through one buffer. libzip writes each entry's
// local header again after its data, with a tell and two seeks; through its stdio file each was
// a system call, about 34,000 for a book of 7,265 chapters, 0.13 s on one thread at the end of
// the run. Here a seek back into the buffer costs nothing, and the bytes go out in 4 MB writes.
struct Container::FileSink {
  std::filesystem::path file, temp;
  int fd = -1;
  std::string window;  // the bytes from window_start on, not yet in the file
  std::uint64_t window_start = 0, position = 0;
  zip_error_t error{};

  static constexpr std::size_t kWindow = std::size_t(4) << 20;

  explicit FileSink(std::filesystem::path f) : file(std::move(f)) { libzip().zip_error_init(&error); }
  ~FileSink() {
    discard();
    libzip().zip_error_fini(&error);
  }

  bool failed(int code) {
    libzip().zip_error_set(&error, code, errno);
    return false;
  }
  bool write_at(const char* data, std::size_t n, std::uint64_t at) {
    while (n > 0) {
      ssize_t done = ::pwrite(fd, data, n, static_cast<off_t>(at));
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) return failed(ZIP_ER_WRITE);
      data += done;
      n -= static_cast<std::size_t>(done);
      at += static_cast<std::uint64_t>(done);
    }
    return true;
  }
  bool flush() {
    if (!write_at(window.data(), window.size(), window_start)) return false;
    window_start += window.size();
    window.clear();
    return true;
  }
  bool write(const char* data, std::size_t n) {
    if (position > window_start + window.size()) {  // past the end: the window starts anew there
      if (!flush()) return false;
      window_start = position;
    }
    if (position < window_start) {  // before the window (a header before 4 MB of data): the file's
      std::size_t before = static_cast<std::size_t>(std::min<std::uint64_t>(n, window_start - position));
      if (!write_at(data, before, position)) return false;
      data += before;
      n -= before;
      position += before;
      if (n == 0) return true;  // all of it was before the window (libzip's header rewrite)
    }
    std::size_t at = static_cast<std::size_t>(position - window_start);
    std::size_t over = std::min(n, window.size() - at);
    std::memcpy(window.data() + at, data, over);
    window.append(data + over, n - over);
    position += n;
    return window.size() < kWindow || flush();
  }
  bool begin() {
    std::string pattern = file.string() + ".XXXXXX";
    fd = ::mkstemp(pattern.data());
    if (fd < 0) return failed(ZIP_ER_TMPOPEN);
    temp = pattern;
    ::fchmod(fd, 0644);
    window.clear();
    window.reserve(kWindow + (std::size_t(64) << 10));
    window_start = position = 0;
    return true;
  }
  bool commit() {
    if (!flush()) return false;
    int closed = ::close(fd);
    fd = -1;
    if (closed != 0) return failed(ZIP_ER_WRITE);
    if (::rename(temp.c_str(), file.c_str()) != 0) return failed(ZIP_ER_RENAME);
    temp.clear();
    return true;
  }
  void discard() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (!temp.empty()) ::unlink(temp.c_str());
    temp.clear();
  }

  static zip_int64_t callback(void* user, void* data, zip_uint64_t length, zip_source_cmd_t command) {
    auto* self = static_cast<FileSink*>(user);
    switch (command) {
      case ZIP_SOURCE_STAT:  // a new book: no file to read first, in the words libzip looks for
        libzip().zip_error_set(&self->error, ZIP_ER_READ, ENOENT);
        return -1;
      case ZIP_SOURCE_BEGIN_WRITE:
        return self->begin() ? 0 : -1;
      case ZIP_SOURCE_WRITE:
        return self->write(static_cast<const char*>(data), static_cast<std::size_t>(length))
                   ? static_cast<zip_int64_t>(length) : -1;
      case ZIP_SOURCE_SEEK_WRITE: {
        if (length < sizeof(zip_source_args_seek_t)) break;
        const auto* args = static_cast<const zip_source_args_seek_t*>(data);
        std::uint64_t end = std::max<std::uint64_t>(self->position, self->window_start + self->window.size());
        zip_int64_t base = args->whence == SEEK_SET ? 0 : args->whence == SEEK_CUR ? static_cast<zip_int64_t>(self->position)
                                                                                   : static_cast<zip_int64_t>(end);
        if (args->offset < -base) break;
        self->position = static_cast<std::uint64_t>(base + args->offset);
        return 0;
      }
      case ZIP_SOURCE_TELL_WRITE:
        return static_cast<zip_int64_t>(self->position);
      case ZIP_SOURCE_COMMIT_WRITE:
        return self->commit() ? 0 : -1;
      case ZIP_SOURCE_ROLLBACK_WRITE:
        self->discard();
        return 0;
      case ZIP_SOURCE_REMOVE:  // a book of no entries (never made: mimetype is one)
        ::unlink(self->file.c_str());
        return 0;
      case ZIP_SOURCE_ERROR:
        return libzip().zip_error_to_data(&self->error, data, length);
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_SUPPORTS:
        return libzip().zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                       ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                                       ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE,
                                                       ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE,
                                                       ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
      default:  // reading: a new book has nothing to read
        break;
    }
    libzip().zip_error_set(&self->error, ZIP_ER_INVAL, 0);
    return -1;
  }
};

// An entry's bytes that another thread provides while zip_close runs. It states what a
// zip_source_buffer of the same bytes states, so the zip is the same byte for byte.
struct Container::LateSource {
  std::mutex mutex;
  std::condition_variable ready_cv;
  std::string data;
  bool ready = false, abandoned = false;
  std::size_t offset = 0;

  // Waits for the bytes; false when they will not come.
  bool wait() {
    std::unique_lock lock(mutex);
    ready_cv.wait(lock, [&] { return ready || abandoned; });
    return ready;
  }

  static zip_int64_t callback(void* user, void* data, zip_uint64_t length, zip_source_cmd_t command) {
    auto* self = static_cast<LateSource*>(user);
    switch (command) {
      case ZIP_SOURCE_OPEN:
        if (!self->wait()) return -1;
        self->offset = 0;
        return 0;
      case ZIP_SOURCE_READ:
        return read_into(self->data, self->offset, data, length);
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_STAT: {
        if (!self->wait()) return -1;
        auto* st = static_cast<zip_stat_t*>(data);
        libzip().zip_stat_init(st);
        st->size = st->comp_size = self->data.size();
        st->comp_method = ZIP_CM_STORE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR:  // abandoned: the reason is the provider's error
        return error_data(data, length, ZIP_ER_INTERNAL);
      case ZIP_SOURCE_SUPPORTS:
        return readable_commands();
      default:
        return -1;
    }
  }
};

Container::Container(std::int64_t mtime, const std::filesystem::path& file) {
  dos_time(mtime, dos_time_, dos_date_);
  zip_error_t error;
  libzip().zip_error_init(&error);
  if (!file.empty()) {
    // A book of thousands of chapters is tens of MB: built in memory it was copied twice more
    // before it reached the file, at the end of the run, on one thread.
    sink_ = std::make_unique<FileSink>(file);
    zip_source_t* source = libzip().zip_source_function_create(&FileSink::callback, sink_.get(), &error);
    if (!source) fail("cannot create " + file.string(), &error);
    archive_ = libzip().zip_open_from_source(source, ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive_) {
      libzip().zip_source_free(source);
      fail("cannot create " + file.string(), &error);
    }
  } else {
    buffer_ = libzip().zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer_) fail("cannot create the EPUB in memory", &error);
    archive_ = libzip().zip_open_from_source(buffer_, ZIP_TRUNCATE, &error);
    if (!archive_) {
      libzip().zip_source_free(buffer_);
      fail("cannot create the EPUB in memory", &error);
    }
    libzip().zip_source_keep(buffer_);  // the bytes are read back after zip_close
  }
  libzip().zip_error_fini(&error);
  add("mimetype", "application/epub+zip", false);
}

Container::~Container() {
  if (archive_) libzip().zip_discard(archive_);
  if (buffer_) libzip().zip_source_free(buffer_);
}

void Container::set_entry(std::int64_t index, bool compress) {
  auto i = static_cast<zip_uint64_t>(index);
  if (libzip().zip_set_file_compression(archive_, i, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, compress ? kLevel : 0) != 0)
    fail("cannot add to the EPUB", archive_);
  set_attributes(index);
}

void Container::set_attributes(std::int64_t index) {
  auto i = static_cast<zip_uint64_t>(index);
  if (libzip().zip_file_set_dostime(archive_, i, dos_time_, dos_date_, 0) != 0 ||
      libzip().zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
    fail("cannot add to the EPUB", archive_);
}

void Container::add_deflated(std::string name, DeflatedEntry entry) {
  DeflatedSource& stored = *deflated_.emplace_back(std::make_unique<DeflatedSource>());
  stored.entry = std::move(entry);
  add_source(std::move(name), stored);
}

std::size_t Container::add_spilled(std::string name, const Spill& spill, SpilledEntry entry) {
  std::size_t handle = deflated_.size();
  DeflatedSource& stored = *deflated_.emplace_back(std::make_unique<DeflatedSource>());
  stored.spill = &spill;
  add_source(std::move(name), stored);
  set_spilled(handle, entry);
  return handle;
}

void Container::set_spilled(std::size_t handle, SpilledEntry entry) {
  DeflatedSource& stored = *deflated_.at(handle);
  stored.span = entry.bytes;
  stored.entry.size = entry.size;
  stored.entry.crc = entry.crc;
}

std::int64_t Container::add_entry(const std::string& name, zip_source* source) {
  zip_int64_t index = libzip().zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    libzip().zip_source_free(source);
    fail("cannot add " + name + " to the EPUB", archive_);
  }
  return index;
}

void Container::add_source(std::string name, DeflatedSource& stored) {
  zip_source_t* source = libzip().zip_source_function(archive_, &DeflatedSource::callback, &stored);
  if (!source) fail("cannot add " + name + " to the EPUB", archive_);
  zip_int64_t index = add_entry(name, source);
  set_attributes(index);  // the method stays libzip's default: it takes the source's (deflate)
}

void Container::add(std::string name, std::string data, bool compress) {
  const std::string& stored = data_.emplace_back(std::move(data));
  zip_source_t* source = libzip().zip_source_buffer(archive_, stored.data(), stored.size(), 0);
  if (!source) fail("cannot add " + name + " to the EPUB", archive_);
  zip_int64_t index = add_entry(name, source);
  set_entry(index, compress);
}

std::size_t Container::add_later(std::string name, bool compress) {
  LateSource& late = *late_.emplace_back(std::make_unique<LateSource>());
  zip_source_t* source = libzip().zip_source_function(archive_, &LateSource::callback, &late);
  if (!source) fail("cannot add " + name + " to the EPUB", archive_);
  zip_int64_t index = add_entry(name, source);
  set_entry(index, compress);
  return late_.size() - 1;
}

void Container::provide(std::size_t handle, std::string data) {
  LateSource& late = *late_.at(handle);
  {
    std::lock_guard lock(late.mutex);
    late.data = std::move(data);
    late.ready = true;
  }
  late.ready_cv.notify_all();
}

void Container::abandon() {
  for (auto& late : late_) {
    {
      std::lock_guard lock(late->mutex);
      late->abandoned = true;
    }
    late->ready_cv.notify_all();
  }
}

void Container::add_file(std::string name, const std::filesystem::path& path, bool compress) {
  zip_source_t* source = libzip().zip_source_file(archive_, path.c_str(), 0, -1);
  if (!source) fail("cannot read " + path.string(), archive_);
  zip_int64_t index = add_entry(name, source);
  set_entry(index, compress);
}

std::string Container::finish() {
  if (libzip().zip_close(archive_) != 0) fail("cannot write the EPUB", archive_);
  archive_ = nullptr;
  data_.clear();
  deflated_.clear();
  if (!buffer_) return {};
  zip_stat_t stat;
  libzip().zip_stat_init(&stat);
  if (libzip().zip_source_stat(buffer_, &stat) != 0 || libzip().zip_source_open(buffer_) != 0)
    fail("cannot read the EPUB back", libzip().zip_source_error(buffer_));
  std::string bytes(static_cast<std::size_t>(stat.size), '\0');
  zip_int64_t got = libzip().zip_source_read(buffer_, bytes.data(), bytes.size());
  libzip().zip_source_close(buffer_);
  if (got < 0 || static_cast<std::size_t>(got) != bytes.size())
    fail("cannot read the EPUB back", libzip().zip_source_error(buffer_));
  return bytes;
}

}  // namespace wikiconv::epub
