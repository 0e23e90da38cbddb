#include "writers/mediawiki/sha1_base36.hpp"

#include <array>

#include "writers/libcrypto_api.hpp"

namespace wikiconv {

std::string sha1_base36(std::string_view data) {
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  libcrypto().SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  // Repeated division of the big-endian 160-bit number by 36.
  std::string digits;
  bool nonzero = true;
  while (nonzero) {
    unsigned remainder = 0;
    nonzero = false;
    for (unsigned char& byte : digest) {
      unsigned value = (remainder << 8) | byte;
      byte = static_cast<unsigned char>(value / 36);
      remainder = value % 36;
      nonzero |= byte != 0;
    }
    digits += "0123456789abcdefghijklmnopqrstuvwxyz"[remainder];
  }
  while (digits.size() < 31) digits += '0';
  return std::string(digits.rbegin(), digits.rend());
}

}  // namespace wikiconv
