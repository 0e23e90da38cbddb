// The EPUB container: a zip built in memory with libzip. What makes it an EPUB and
// reproducible: `mimetype` first, stored, without extra fields; fixed entry times and order.
#include <zip.h>

#include "wikiconv/diagnostics.hpp"
#include "writers/epub/epub_book.hpp"

namespace wikiconv::epub {

namespace {

// zlib's level 1: text compresses to about the same size as with the default level in a third
// of the time (deflate was a fifth of a 1,000-article book's time at the default).
constexpr zip_uint32_t kLevel = 1;

[[noreturn]] void fail(const std::string& what, zip_error_t* error) {
  std::string message = what + ": " + zip_error_strerror(error);
  zip_error_fini(error);
  throw Error(message);
}

[[noreturn]] void fail(const std::string& what, zip_t* archive) { fail(what, zip_get_error(archive)); }

}  // namespace

Container::Container(std::int64_t mtime) {
  dos_time(mtime, dos_time_, dos_date_);
  zip_error_t error;
  zip_error_init(&error);
  buffer_ = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer_) fail("cannot create the EPUB in memory", &error);
  archive_ = zip_open_from_source(buffer_, ZIP_TRUNCATE, &error);
  if (!archive_) {
    zip_source_free(buffer_);
    fail("cannot create the EPUB in memory", &error);
  }
  zip_source_keep(buffer_);  // the bytes are read back after zip_close
  zip_error_fini(&error);
  add("mimetype", "application/epub+zip", false);
}

Container::~Container() {
  if (archive_) zip_discard(archive_);
  if (buffer_) zip_source_free(buffer_);
}

void Container::set_entry(std::int64_t index, bool compress) {
  auto i = static_cast<zip_uint64_t>(index);
  if (zip_set_file_compression(archive_, i, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, compress ? kLevel : 0) != 0 ||
      zip_file_set_dostime(archive_, i, dos_time_, dos_date_, 0) != 0 ||
      zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
    fail("cannot add to the EPUB", archive_);
}

void Container::add(std::string name, std::string data, bool compress) {
  const std::string& stored = data_.emplace_back(std::move(data));
  zip_source_t* source = zip_source_buffer(archive_, stored.data(), stored.size(), 0);
  if (!source) fail("cannot add " + name + " to the EPUB", archive_);
  zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    fail("cannot add " + name + " to the EPUB", archive_);
  }
  set_entry(index, compress);
}

void Container::add_file(std::string name, const std::filesystem::path& path, bool compress) {
  zip_source_t* source = zip_source_file(archive_, path.c_str(), 0, -1);
  if (!source) fail("cannot read " + path.string(), archive_);
  zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    fail("cannot add " + name + " to the EPUB", archive_);
  }
  set_entry(index, compress);
}

std::string Container::finish() {
  if (zip_close(archive_) != 0) fail("cannot write the EPUB", archive_);
  archive_ = nullptr;
  data_.clear();
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_source_stat(buffer_, &stat) != 0 || zip_source_open(buffer_) != 0)
    fail("cannot read the EPUB back", zip_source_error(buffer_));
  std::string bytes(static_cast<std::size_t>(stat.size), '\0');
  zip_int64_t got = zip_source_read(buffer_, bytes.data(), bytes.size());
  zip_source_close(buffer_);
  if (got < 0 || static_cast<std::size_t>(got) != bytes.size())
    fail("cannot read the EPUB back", zip_source_error(buffer_));
  return bytes;
}

}  // namespace wikiconv::epub
