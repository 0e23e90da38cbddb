// A list field that most nodes leave empty (a table's alignments, the HTML attributes of nodes
// read from raw HTML): 8 bytes where std::vector takes 24, as RareString is for strings. It reads
// as a const std::vector<T>& and offers the part of std::vector's interface the model's users
// need; edit() gives the vector itself for the rest.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace wikiconv {

template <typename T>
class RareVector {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  RareVector() = default;
  RareVector(std::vector<T> v) { *this = std::move(v); }  // NOLINT(google-explicit-constructor)
  RareVector(std::initializer_list<T> items) { *this = std::vector<T>(items); }
  RareVector(const RareVector& other) : items_(other.items_ ? std::make_unique<std::vector<T>>(*other.items_) : nullptr) {}
  RareVector(RareVector&&) noexcept = default;
  RareVector& operator=(const RareVector& other) {
    if (this != &other) *this = std::vector<T>(other.vec());
    return *this;
  }
  RareVector& operator=(RareVector&&) noexcept = default;
  RareVector& operator=(std::vector<T> v) {
    if (v.empty()) items_.reset();
    else if (items_) *items_ = std::move(v);
    else items_ = std::make_unique<std::vector<T>>(std::move(v));
    return *this;
  }

  RareVector& operator=(std::initializer_list<T> items) { return *this = std::vector<T>(items); }

  const std::vector<T>& vec() const { return items_ ? *items_ : empty_vector(); }
  operator const std::vector<T>&() const { return vec(); }  // NOLINT(google-explicit-constructor)
  // The vector itself, to change in place (made when there is none).
  std::vector<T>& edit() {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    return *items_;
  }

  bool empty() const { return !items_ || items_->empty(); }
  std::size_t size() const { return items_ ? items_->size() : 0; }
  const_iterator begin() const { return vec().begin(); }
  const_iterator end() const { return vec().end(); }
  // Value-initialised iterators compare equal: an empty list is walked without being made.
  iterator begin() { return items_ ? items_->begin() : iterator(); }
  iterator end() { return items_ ? items_->end() : iterator(); }
  const T& operator[](std::size_t i) const { return (*items_)[i]; }
  T& operator[](std::size_t i) { return (*items_)[i]; }
  const T& front() const { return items_->front(); }
  const T& back() const { return items_->back(); }
  T& back() { return items_->back(); }
  void push_back(T item) { edit().push_back(std::move(item)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return edit().emplace_back(std::forward<Args>(args)...);
  }
  void assign(std::size_t n, const T& item) { *this = std::vector<T>(n, item); }
  void clear() { items_.reset(); }

  friend bool operator==(const RareVector& a, const RareVector& b) { return a.vec() == b.vec(); }
  friend bool operator==(const RareVector& a, const std::vector<T>& b) { return a.vec() == b; }
  friend bool operator!=(const RareVector& a, const RareVector& b) { return !(a == b); }

 private:
  static const std::vector<T>& empty_vector() {
    static const std::vector<T> empty;
    return empty;
  }
  std::unique_ptr<std::vector<T>> items_;
};

}  // namespace wikiconv
