// A string field that most nodes leave empty (a link's target, an image's size, a footnote's
// label): 8 bytes where std::string takes 32, the text kept on the heap only when there is one.
// The model of a big page is most of the memory a conversion needs, and most of its nodes are
// Text. It reads as a const std::string& and is assigned like one; edit() gives the string
// itself for the rest of std::string's interface.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace wikiconv {

class RareString {
 public:
  RareString() = default;
  RareString(std::string s) { *this = std::move(s); }  // NOLINT(google-explicit-constructor)
  RareString(std::string_view s) { *this = s; }        // NOLINT(google-explicit-constructor)
  RareString(const char* s) { *this = std::string_view(s); }  // NOLINT(google-explicit-constructor)
  RareString(const RareString& other) : text_(other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr) {}
  RareString(RareString&&) noexcept = default;
  RareString& operator=(const RareString& other) {
    if (this != &other) *this = other.str();
    return *this;
  }
  RareString& operator=(RareString&&) noexcept = default;
  RareString& operator=(std::string s) {
    if (s.empty()) text_.reset();
    else if (text_) *text_ = std::move(s);
    else text_ = std::make_unique<std::string>(std::move(s));
    return *this;
  }
  RareString& operator=(std::string_view s) {
    if (s.empty()) text_.reset();
    else if (text_) text_->assign(s);
    else text_ = std::make_unique<std::string>(s);
    return *this;
  }
  RareString& operator=(const char* s) { return *this = std::string_view(s); }

  const std::string& str() const { return text_ ? *text_ : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)
  // The string itself, to change in place (made when there is none).
  std::string& edit() {
    if (!text_) text_ = std::make_unique<std::string>();
    return *text_;
  }
  // Takes the text out, leaving this empty.
  std::string take() {
    std::string s = text_ ? std::move(*text_) : std::string();
    text_.reset();
    return s;
  }

  bool empty() const { return !text_ || text_->empty(); }
  std::size_t size() const { return text_ ? text_->size() : 0; }
  std::size_t length() const { return size(); }
  const char* data() const { return str().data(); }
  const char* c_str() const { return str().c_str(); }
  std::string::const_iterator begin() const { return str().begin(); }
  std::string::const_iterator end() const { return str().end(); }
  char operator[](std::size_t i) const { return str()[i]; }
  char front() const { return str().front(); }
  char back() const { return str().back(); }
  std::size_t find(std::string_view s, std::size_t pos = 0) const { return str().find(s, pos); }
  std::size_t find(char c, std::size_t pos = 0) const { return str().find(c, pos); }
  std::size_t rfind(std::string_view s, std::size_t pos = std::string::npos) const { return str().rfind(s, pos); }
  std::size_t rfind(char c, std::size_t pos = std::string::npos) const { return str().rfind(c, pos); }
  std::size_t find_first_of(std::string_view s, std::size_t pos = 0) const { return str().find_first_of(s, pos); }
  std::size_t find_first_not_of(std::string_view s, std::size_t pos = 0) const {
    return str().find_first_not_of(s, pos);
  }
  std::string substr(std::size_t pos = 0, std::size_t n = std::string::npos) const { return str().substr(pos, n); }
  int compare(std::string_view s) const { return std::string_view(str()).compare(s); }
  int compare(std::size_t pos, std::size_t n, std::string_view s) const { return str().compare(pos, n, s); }
  bool starts_with(std::string_view s) const { return std::string_view(str()).substr(0, s.size()) == s; }
  void clear() { text_.reset(); }
  RareString& operator+=(std::string_view s) {
    if (!s.empty()) edit().append(s);
    return *this;
  }
  RareString& operator+=(char c) {
    edit().push_back(c);
    return *this;
  }
  void swap(RareString& other) noexcept { text_.swap(other.text_); }

  friend bool operator==(const RareString& a, const RareString& b) { return a.view() == b.view(); }
  friend bool operator==(const RareString& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(std::string_view a, const RareString& b) { return a == b.view(); }
  friend bool operator==(const RareString& a, const char* b) { return a.view() == b; }
  friend bool operator==(const char* a, const RareString& b) { return a == b.view(); }
  friend bool operator==(const RareString& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const std::string& a, const RareString& b) { return a == b.view(); }
  friend bool operator!=(const RareString& a, const RareString& b) { return !(a == b); }
  friend bool operator!=(const RareString& a, std::string_view b) { return !(a == b); }
  friend bool operator!=(std::string_view a, const RareString& b) { return !(a == b); }
  friend bool operator!=(const RareString& a, const char* b) { return !(a == b); }
  friend bool operator!=(const char* a, const RareString& b) { return !(a == b); }
  friend bool operator!=(const RareString& a, const std::string& b) { return !(a == b); }
  friend bool operator!=(const std::string& a, const RareString& b) { return !(a == b); }
  friend bool operator<(const RareString& a, const RareString& b) { return a.view() < b.view(); }
  friend std::string operator+(const RareString& a, std::string_view b) { return std::string(a.view()).append(b); }
  friend std::string operator+(const RareString& a, const char* b) { return std::string(a.view()).append(b); }
  friend std::string operator+(const RareString& a, char b) { return std::string(a.view()) + b; }
  friend std::string operator+(std::string_view a, const RareString& b) { return std::string(a).append(b.view()); }
  friend std::string operator+(const char* a, const RareString& b) { return std::string(a).append(b.view()); }
  friend std::string operator+(char a, const RareString& b) { return std::string(1, a).append(b.view()); }

 private:
  std::string_view view() const { return text_ ? std::string_view(*text_) : std::string_view(); }
  static const std::string& empty_string() {
    static const std::string empty;
    return empty;
  }
  std::unique_ptr<std::string> text_;
};

inline void swap(RareString& a, RareString& b) noexcept { a.swap(b); }

}  // namespace wikiconv
