// MediaWiki's title rules, which the whole wiki follows: '_' equals space, first letter upper
// case, namespaces by prefix, characters that cannot be in a title.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wikiconv {

// '_' and runs of whitespace become one space; trimmed.
std::string normalize_spaces(std::string_view s);

// A title with its spaces as underscores, as MediaWiki's URLs and an export's file names write
// it ("Main Page" -> "Main_Page").
std::string underscored_title(std::string_view title);

// The File: title of a media file named `file_name` ("my_logo.png" is "File:My logo.png").
std::string media_title(std::string_view file_name);

struct NamespaceInfo {
  int id;
  std::string_view name;
};
// MediaWiki's standard namespaces (Special, Talk, User, ..., Category, Category talk).
const std::vector<NamespaceInfo>& standard_namespaces();
// The canonical name of a standard namespace for `prefix` (case-insensitive, "Image" is File),
// or empty.
std::string standard_namespace(std::string_view prefix);

struct TitleParts {
  std::string title;  // normalized full title
  std::string ns;     // namespace prefix as canonical name, empty for main
  std::vector<std::string> problems;  // what had to be changed to make it a legal title
};

// Normalizes a title. `extra_namespaces` are the prefixes this wiki declares besides the
// standard ones (e.g. "Tankie"). Illegal characters (# < > [ ] | { }) are replaced by their
// full-width forms, as are the dots of "." and ".." segments, a third "~", the "%" of "%41" and the
// "&" of "&amp;"; invalid UTF-8 and control characters become U+FFFD; over-long titles are cut
// at 255 bytes. Each change is noted in `problems` (the check report lists them).
TitleParts normalize_title(std::string_view raw, const std::vector<std::string>& extra_namespaces);
// The same rules, always applied in full: normalize_title gives a plain title that is already
// normal (printable ASCII, no namespace, nothing to replace) back at once, as most link
// targets are. Tests compare the two.
TitleParts normalize_title_fully(std::string_view raw, const std::vector<std::string>& extra_namespaces);

}  // namespace wikiconv
