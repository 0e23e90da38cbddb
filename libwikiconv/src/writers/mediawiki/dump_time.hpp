// Times as MediaWiki's dumps and file archive names write them.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace wikiconv {

// `seconds` since the epoch as UTC in strftime's `format`.
inline std::string utc_time(std::int64_t seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// "2023-11-14T22:13:20Z", a dump's <timestamp>.
inline std::string iso_timestamp(std::int64_t seconds) { return utc_time(seconds, "%Y-%m-%dT%H:%M:%SZ"); }

// "20231114221320", MediaWiki's TS_MW (an old file version's archive name starts with it).
inline std::string mediawiki_timestamp(std::int64_t seconds) { return utc_time(seconds, "%Y%m%d%H%M%S"); }

}  // namespace wikiconv
