// Reads the JSON form the "json" writer produces (docs/json-format.md), so scripts can edit a
// page as JSON and write it in any format. Built with an explicit stack: any depth is fine.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "readers/html_reader.hpp"
#include "util/utf8.hpp"
#include "writers/json_format.hpp"
#include "wikiconv/reader.hpp"

namespace wikiconv {

namespace {

// Ordered: metadata keeps the order the page gave it (a second round trip is byte-identical).
using json = nlohmann::ordered_json;

std::string str_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw Error(std::string("JSON: field \"") + key + "\" must be a string");
  return it->get<std::string>();
}

long int_field(const json& j, const char* key, long fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_number_integer()) throw Error(std::string("JSON: field \"") + key + "\" must be an integer");
  return it->get<long>();
}

bool bool_field(const json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_boolean()) throw Error(std::string("JSON: field \"") + key + "\" must be true or false");
  return it->get<bool>();
}

// Version 1 kept raw HTML as strings (HtmlBlock/HtmlInline `text`): such a node stands for the
// nodes the HTML reader makes of its text.
bool is_version1_raw_html(const Node& n, int version) {
  return version == 1 && (n.type == NodeType::HtmlBlock || n.type == NodeType::HtmlInline);
}

void fill_fields(Node& n, const json& j, int version) {
  if (!j.is_object()) throw Error("JSON: a node must be an object");
  std::string t = str_field(j, "t");
  if (!node_type_from_name(t, n.type)) throw Error("JSON: unknown node type \"" + t + "\"");
  n.line = static_cast<int>(int_field(j, "line", 0));
  n.level = static_cast<int>(int_field(j, "level", 0));
  if (n.type == NodeType::Heading && (n.level < 1 || n.level > 6)) throw Error("JSON: heading level must be 1..6");
  n.start = static_cast<int>(int_field(j, "start", 1));
  n.tight = bool_field(j, "tight", true);
  n.header = bool_field(j, "header", false);
  std::string delim = str_field(j, "delimiter");
  n.delimiter = delim == ")" ? ')' : '.';
  std::string task = str_field(j, "task");
  n.task = task == "checked" ? TaskState::Checked : task == "unchecked" ? TaskState::Unchecked : TaskState::None;
  n.text = str_field(j, "text");
  n.target = str_field(j, "target");
  n.anchor = str_field(j, "anchor");
  n.title = str_field(j, "title");
  n.info = str_field(j, "info");
  n.size = str_field(j, "size");
  n.label = str_field(j, "label");
  if (n.type == NodeType::WikiLink || n.type == NodeType::Image) n.label = str_field(j, "href");
  if (auto it = j.find("aligns"); it != j.end()) {
    for (const auto& a : *it) {
      std::string s = a.is_string() ? a.get<std::string>() : "";
      n.aligns.push_back(s == "left" ? Alignment::Left : s == "center" ? Alignment::Center
                                     : s == "right" ? Alignment::Right : Alignment::None);
    }
  }
  if (auto it = j.find("attrs"); it != j.end()) {
    for (const auto& kv : *it) {
      if (!kv.is_array() || kv.size() != 2 || !kv[0].is_string() || !kv[1].is_string())
        throw Error("JSON: attrs must be [name, value] pairs");
      n.attrs.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
    }
  }
}

// A node and its subtree from JSON, without recursion; version-1 raw HTML is read as HTML.
Node read_tree(const json& top, int version) {
  Node root;
  fill_fields(root, top, version);
  std::vector<std::pair<Node*, const json*>> work{{&root, &top}};
  while (!work.empty()) {
    auto [node, j] = work.back();
    work.pop_back();
    auto c = j->find("c");
    if (c == j->end()) continue;
    if (!c->is_array()) throw Error("JSON: \"c\" must be an array");
    std::vector<std::size_t> from_json;  // per child: its index in `c`, or npos
    node->children.reserve(c->size());
    for (std::size_t i = 0; i < c->size(); ++i) {
      Node child;
      fill_fields(child, (*c)[i], version);
      if (is_version1_raw_html(child, version)) {
        Node lowered = read_html_fragment(child.text, child.type == NodeType::HtmlBlock, child.line);
        for (Node& n : lowered.children) {
          node->children.push_back(std::move(n));
          from_json.push_back(std::string::npos);
        }
      } else {
        node->children.push_back(std::move(child));
        from_json.push_back(i);
      }
    }
    for (std::size_t k = 0; k < node->children.size(); ++k)
      if (from_json[k] != std::string::npos) work.emplace_back(&node->children[k], &(*c)[from_json[k]]);
  }
  return root;
}

// Where a number token `literal` stands as a value (outside any string), or npos: nlohmann
// names the number that overflows but not its place.
std::size_t number_offset(std::string_view text, std::string_view literal) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (text.compare(i, literal.size(), literal) == 0 &&
               (i == 0 || std::string_view("0123456789.+-eE").find(text[i - 1]) == std::string_view::npos)) {
      return i;
    }
  }
  return std::string_view::npos;
}

json parse_json(std::string_view text, const std::string& source) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    auto [line, column] = utf8::line_and_column(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    // nlohmann's message repeats the place: "... parse error at line 2, column 18: why".
    if (std::size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw Error(source, line, column, "invalid JSON: " + what);
  } catch (const json::exception& e) {
    // A number out of a double's range (406): nlohmann names the literal in quotes.
    std::string what = e.what();
    std::size_t open = what.find('\''), close = what.rfind('\'');
    std::size_t at = open < close ? number_offset(text, std::string_view(what).substr(open + 1, close - open - 1))
                                  : std::string_view::npos;
    auto [line, column] = at == std::string_view::npos ? std::pair{0, 0} : utf8::line_and_column(text, at);
    throw Error(source, line, column, "invalid JSON: " + what);
  }
}

}  // namespace

Page read_json(std::string_view text, const std::string& source) {
  json doc = parse_json(text, source);
  try {
    if (!doc.is_object()) throw Error("JSON: the top level must be an object");
    Page page;
    page.source = source;
    int version = kJsonFormatVersion;
    if (auto it = doc.find("wikiconv-json"); it != doc.end()) {
      if (!it->is_number_integer()) throw Error("JSON: \"wikiconv-json\" must be a version number");
      version = it->get<int>();
      if (version < 1 || version > kJsonFormatVersion)
        throw Error("JSON: wikiconv-json version " + std::to_string(version) + " is not supported (1 to " +
                    std::to_string(kJsonFormatVersion) + ")");
    }
    page.title = str_field(doc, "title");
    page.ns = str_field(doc, "namespace");
    page.redirect = str_field(doc, "redirect");
    page.redirect_anchor = str_field(doc, "redirect_anchor");
    if (auto it = doc.find("categories"); it != doc.end())
      for (const auto& c : *it) page.categories.push_back(c.get<std::string>());
    if (auto it = doc.find("metadata"); it != doc.end() && it->is_object())
      for (const auto& [k, v] : it->items()) page.metadata.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    for (auto [name, list] : {std::pair{"category_links", &page.category_links}, std::pair{"redirect_line", &page.redirect_line}})
      if (auto it = doc.find(name); it != doc.end()) {
        if (!it->is_array()) throw Error(std::string("JSON: \"") + name + "\" must be an array");
        for (const auto& j : *it) list->push_back(read_tree(j, version));
      }
    auto body = doc.find("body");
    if (body == doc.end()) throw Error("JSON: no \"body\"");
    page.body = read_tree(*body, version);
    return page;
  } catch (const nlohmann::json::exception& e) {
    throw Error(source, 0, std::string("invalid page JSON: ") + e.what());
  } catch (const Error& e) {
    if (!e.file().empty()) throw;
    throw Error(source, 0, e.message());
  }
}

}  // namespace wikiconv
