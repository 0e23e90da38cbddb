// The compiled half of the Python package: wikiconv._wikiconv. The Pythonic API lives in
// wikiconv/__init__.py; this file converts between the C++ model and the Python node classes
// (iteratively: any depth), and runs the library with the GIL released.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "util/html_elements.hpp"
#include "wiki/link_target.hpp"
#include "wiki/title.hpp"
#include "wikiconv/conversion.hpp"
#include "wikiconv/wikiconv.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;
using namespace wikiconv;

namespace {

constexpr std::size_t kNodeTypes = static_cast<std::size_t>(NodeType::CommentInline) + 1;

// The Python classes the package registers at import (wikiconv/__init__.py calls _register).
// Plain handles holding a reference for the life of the interpreter: never destroyed, so
// nothing touches Python at exit.
struct Registered {
  std::array<PyObject*, kNodeTypes> node_classes{};
  PyObject* error = nullptr;
  PyObject* usage_error = nullptr;   // a subclass of error (and of ValueError)
  PyObject* output_error = nullptr;  // a subclass of error
  PyObject* node_list = nullptr;     // wikiconv.NodeList, the class of every `children`
};
Registered registered;

// Interned attribute names, created once (under the GIL).
struct Names {
  py::handle line, children, level, tight, start, delimiter, task, text, info, aligns, header,
      label, attrs, target, anchor, title, size, namespace_, categories, metadata, timestamp,
      source, wiki, loaded_title, type_index, parent, redirect, redirect_anchor, children_slot, owner, href;
};
Names names;

py::handle intern(const char* s) { return PyUnicode_InternFromString(s); }

void init_names() {
  names = {intern("line"),      intern("children"), intern("level"),     intern("tight"),
           intern("start"),     intern("delimiter"), intern("task"),     intern("text"),
           intern("info"),      intern("aligns"),   intern("header"),    intern("label"),
           intern("attrs"),     intern("target"),   intern("anchor"),    intern("title"),
           intern("size"),      intern("namespace"), intern("categories"), intern("metadata"),
           intern("timestamp"), intern("source"),   intern("_wiki"),     intern("_loaded_title"),
           intern("_type_index"), intern("_parent"), intern("redirect"), intern("redirect_anchor"),
           intern("_children"),  intern("_owner"),   intern("href")};
}

// ---- C++ -> Python ------------------------------------------------------------------------

py::str to_str(std::string_view s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

void set(py::handle obj, py::handle name, py::handle value) {
  if (PyObject_SetAttr(obj.ptr(), name.ptr(), value.ptr()) != 0) throw py::error_already_set();
}

py::object new_node(NodeType type) {
  PyObject* cls = registered.node_classes[static_cast<std::size_t>(type)];
  if (!cls) throw std::runtime_error("wikiconv: node classes are not registered");
  // object.__new__(cls): the Python __init__ (argument checking) is for users, not for us.
  PyObject* obj = PyBaseObject_Type.tp_new(reinterpret_cast<PyTypeObject*>(cls), py::tuple().ptr(), nullptr);
  if (!obj) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(obj);
}

// An empty NodeList owned by `owner`, made as Python's list.__new__ would (no __init__: it has
// nothing to check), its slot set directly; the caller sets each child's `_parent`.
py::object new_node_list(py::handle owner) {
  auto* cls = reinterpret_cast<PyTypeObject*>(registered.node_list);
  if (!cls) throw std::runtime_error("wikiconv: NodeList is not registered");
  PyObject* obj = cls->tp_new(cls, py::tuple().ptr(), nullptr);
  if (!obj) throw py::error_already_set();
  py::object list = py::reinterpret_steal<py::object>(obj);
  set(list, names.owner, owner);
  return list;
}

py::object alignment_value(Alignment a) {
  switch (a) {
    case Alignment::Left: return py::str("left");
    case Alignment::Center: return py::str("center");
    case Alignment::Right: return py::str("right");
    default: return py::none();
  }
}

py::dict attrs_dict(const std::vector<std::pair<std::string, std::string>>& attrs) {
  py::dict d;
  for (const auto& [k, v] : attrs) d[to_str(k)] = to_str(v);
  return d;
}

// One node's fields (not its children) as a Python node; containers get an empty list.
py::object node_to_python(const Node& n) {
  py::object obj = new_node(n.type);
  set(obj, names.line, py::int_(n.line));
  switch (n.type) {
    case NodeType::Heading: set(obj, names.level, py::int_(n.level)); break;
    case NodeType::BulletList: set(obj, names.tight, py::bool_(n.tight)); break;
    case NodeType::OrderedList:
      set(obj, names.start, py::int_(n.start));
      set(obj, names.delimiter, py::str(std::string(1, n.delimiter)));
      set(obj, names.tight, py::bool_(n.tight));
      break;
    case NodeType::ListItem:
      set(obj, names.task, n.task == TaskState::Checked     ? py::object(py::str("checked"))
                           : n.task == TaskState::Unchecked ? py::object(py::str("unchecked"))
                                                            : py::object(py::none()));
      break;
    case NodeType::CodeBlock:
      set(obj, names.text, to_str(n.text));
      set(obj, names.info, to_str(n.info));
      break;
    case NodeType::Table: {
      py::list aligns;
      for (Alignment a : n.aligns) aligns.append(alignment_value(a));
      set(obj, names.aligns, aligns);
      break;
    }
    case NodeType::TableRow:
      set(obj, names.header, py::bool_(n.header));
      set(obj, names.info, to_str(n.info));
      break;
    case NodeType::TableCell: set(obj, names.header, py::bool_(n.header)); break;
    case NodeType::FootnoteDefinition:
    case NodeType::FootnoteReference: set(obj, names.label, to_str(n.label)); break;
    case NodeType::HtmlBlock:
    case NodeType::HtmlInline:
    case NodeType::Code:
      set(obj, names.text, to_str(n.text));
      set(obj, names.info, to_str(n.info));
      break;
    case NodeType::Span:
    case NodeType::Div:
    case NodeType::Emphasis:
    case NodeType::Strong:
    case NodeType::Strikethrough:
    case NodeType::Underline: set(obj, names.info, to_str(n.info)); break;
    case NodeType::Text:
    case NodeType::CommentBlock:
    case NodeType::CommentInline: set(obj, names.text, to_str(n.text)); break;
    case NodeType::Link:
      set(obj, names.target, to_str(n.target));
      set(obj, names.title, to_str(n.title));
      break;
    case NodeType::WikiLink:
      set(obj, names.target, to_str(n.target));
      set(obj, names.anchor, to_str(n.anchor));
      set(obj, names.title, to_str(n.title));
      set(obj, names.info, to_str(n.info));
      set(obj, names.href, to_str(n.label));
      break;
    case NodeType::Image:
      set(obj, names.target, to_str(n.target));
      set(obj, names.title, to_str(n.title));
      set(obj, names.size, to_str(n.size));
      set(obj, names.info, to_str(n.info));
      set(obj, names.href, to_str(n.label));
      break;
    default: break;
  }
  set(obj, names.attrs, attrs_dict(n.attrs));
  if (is_container(n.type)) set(obj, names.children_slot, new_node_list(obj));
  return obj;
}

// A whole tree, with an explicit stack. Each child's `_parent` is the node whose children list
// holds it (the list's own methods keep it so; appending from here does not).
py::object tree_to_python(const Node& root) {
  py::object top = node_to_python(root);
  struct Work {
    const Node* node;
    py::object obj;
    py::list children;
  };
  std::vector<Work> work;
  if (is_container(root.type)) work.push_back({&root, top, top.attr(names.children)});
  while (!work.empty()) {
    Work item = std::move(work.back());
    work.pop_back();
    for (const Node& child : item.node->children) {
      py::object obj = node_to_python(child);
      set(obj, names.parent, item.obj);
      item.children.append(obj);
      if (is_container(child.type) && !child.children.empty()) work.push_back({&child, obj, obj.attr(names.children)});
    }
  }
  return top;
}

// A Page as a Python Document; `wiki` (a WikiHandle or None) is the wiki the page belongs to.
py::object page_to_python(const Page& page, py::handle wiki) {
  py::object doc = tree_to_python(page.body);
  set(doc, names.title, to_str(page.title));
  set(doc, names.namespace_, to_str(page.ns));
  py::list categories;
  for (const auto& c : page.categories) categories.append(to_str(c));
  set(doc, names.categories, categories);
  set(doc, names.metadata, attrs_dict(page.metadata));
  set(doc, names.timestamp, py::int_(page.timestamp));
  set(doc, names.source, to_str(page.source));
  set(doc, names.redirect, to_str(page.redirect));
  set(doc, names.redirect_anchor, to_str(page.redirect_anchor));
  set(doc, names.wiki, wiki);
  set(doc, names.loaded_title, to_str(page.title));
  py::list category_links;  // as the page wrote them, for the gfm writer
  for (const Node& link : page.category_links) category_links.append(tree_to_python(link));
  py::setattr(doc, "_category_links", category_links);
  // The Markdown as read, opaque to Python: str(doc) keeps the blocks a script left alone.
  if (page.original)
    py::setattr(doc, "_original", py::capsule(new std::shared_ptr<const OriginalMarkdown>(page.original), [](void* p) {
                  delete static_cast<std::shared_ptr<const OriginalMarkdown>*>(p);
                }));
  return doc;
}

// ---- Python -> C++ ------------------------------------------------------------------------

// Raised as TypeError / ValueError naming the node and field.
[[noreturn]] void bad_field(const Node& n, const char* field, const std::string& what, bool type_error = true) {
  std::string msg = std::string(node_type_name(n.type)) + "." + field + ": " + what;
  if (type_error) throw py::type_error(msg);
  throw py::value_error(msg);
}

std::string type_name(py::handle o) { return Py_TYPE(o.ptr())->tp_name; }

std::string get_str(py::handle obj, py::handle name, const Node& n, const char* field) {
  py::object v = py::reinterpret_steal<py::object>(PyObject_GetAttr(obj.ptr(), name.ptr()));
  if (!v) throw py::error_already_set();
  if (v.is_none()) return {};
  if (!PyUnicode_Check(v.ptr())) bad_field(n, field, "expected str, got " + type_name(v));
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
  if (!data) throw py::error_already_set();
  return std::string(data, static_cast<std::size_t>(size));
}

std::string as_str(py::handle v, const char* what) {
  if (!PyUnicode_Check(v.ptr())) throw py::type_error(std::string(what) + ": expected str, got " + type_name(v));
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
  if (!data) throw py::error_already_set();
  return std::string(data, static_cast<std::size_t>(size));
}

py::object get(py::handle obj, py::handle name) {
  PyObject* v = PyObject_GetAttr(obj.ptr(), name.ptr());
  if (!v) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(v);
}

long get_int(py::handle obj, py::handle name, const Node& n, const char* field) {
  py::object v = get(obj, name);
  if (!PyLong_Check(v.ptr()) || PyBool_Check(v.ptr())) bad_field(n, field, "expected int, got " + type_name(v));
  long r = PyLong_AsLong(v.ptr());
  if (r == -1 && PyErr_Occurred()) throw py::error_already_set();
  return r;
}

bool get_bool(py::handle obj, py::handle name) {
  int r = PyObject_IsTrue(get(obj, name).ptr());
  if (r < 0) throw py::error_already_set();
  return r != 0;
}

std::vector<std::pair<std::string, std::string>> get_pairs(py::handle v, const std::string& what) {
  std::vector<std::pair<std::string, std::string>> out;
  if (v.is_none()) return out;
  if (PyDict_Check(v.ptr())) {
    for (auto [k, val] : py::reinterpret_borrow<py::dict>(v))
      out.emplace_back(as_str(k, what.c_str()), as_str(val, what.c_str()));
    return out;
  }
  for (py::handle item : py::reinterpret_borrow<py::iterable>(v)) {
    py::sequence pair = py::reinterpret_borrow<py::sequence>(item);
    if (!PySequence_Check(item.ptr()) || PySequence_Size(item.ptr()) != 2)
      throw py::type_error(what + ": expected a dict or (name, value) pairs");
    out.emplace_back(as_str(pair[0], what.c_str()), as_str(pair[1], what.c_str()));
  }
  return out;
}

NodeType node_type_of(py::handle obj) {
  PyObject* v = PyObject_GetAttr(obj.ptr(), names.type_index.ptr());
  if (!v) {
    PyErr_Clear();
    throw py::type_error("expected a wikiconv node, got " + type_name(obj));
  }
  long index = PyLong_AsLong(v);
  Py_DECREF(v);
  if (index < 0 || index >= static_cast<long>(kNodeTypes)) {
    PyErr_Clear();
    throw py::type_error("expected a concrete wikiconv node, got " + type_name(obj));
  }
  return static_cast<NodeType>(index);
}

void node_from_python(Node& n, py::handle obj) {
  n.type = node_type_of(obj);
  long line = get_int(obj, names.line, n, "line");
  n.line = line > 0 && line < (1L << 30) ? static_cast<int>(line) : 0;
  switch (n.type) {
    case NodeType::Heading:
      n.level = static_cast<int>(get_int(obj, names.level, n, "level"));
      if (n.level < 1 || n.level > 6) bad_field(n, "level", "must be 1..6", false);
      break;
    case NodeType::BulletList: n.tight = get_bool(obj, names.tight); break;
    case NodeType::OrderedList: {
      long start = get_int(obj, names.start, n, "start");
      if (start < 0 || start > 999999999) bad_field(n, "start", "must be 0..999999999", false);
      n.start = static_cast<int>(start);
      std::string d = get_str(obj, names.delimiter, n, "delimiter");
      if (d != "." && d != ")") bad_field(n, "delimiter", "must be \".\" or \")\"", false);
      n.delimiter = d[0];
      n.tight = get_bool(obj, names.tight);
      break;
    }
    case NodeType::ListItem: {
      py::object t = get(obj, names.task);
      if (t.is_none()) n.task = TaskState::None;
      else if (PyBool_Check(t.ptr())) n.task = t.ptr() == Py_True ? TaskState::Checked : TaskState::Unchecked;
      else {
        std::string s = get_str(obj, names.task, n, "task");
        if (s == "checked") n.task = TaskState::Checked;
        else if (s == "unchecked") n.task = TaskState::Unchecked;
        else if (s == "none" || s.empty()) n.task = TaskState::None;
        else bad_field(n, "task", "must be None, \"unchecked\" or \"checked\"", false);
      }
      break;
    }
    case NodeType::CodeBlock:
      n.text = get_str(obj, names.text, n, "text");
      n.info = get_str(obj, names.info, n, "info");
      break;
    case NodeType::Table:
      for (py::handle a : py::reinterpret_borrow<py::iterable>(get(obj, names.aligns))) {
        if (a.is_none()) { n.aligns.push_back(Alignment::None); continue; }
        std::string s = as_str(a, "Table.aligns");
        n.aligns.push_back(s == "left" ? Alignment::Left : s == "center" ? Alignment::Center
                           : s == "right" ? Alignment::Right : Alignment::None);
        if (n.aligns.back() == Alignment::None && s != "none" && !s.empty())
          bad_field(n, "aligns", "entries must be None, \"left\", \"center\" or \"right\"", false);
      }
      break;
    case NodeType::TableRow:
      n.header = get_bool(obj, names.header);
      n.info = get_str(obj, names.info, n, "info");
      break;
    case NodeType::TableCell: n.header = get_bool(obj, names.header); break;
    case NodeType::FootnoteDefinition:
    case NodeType::FootnoteReference: n.label = get_str(obj, names.label, n, "label"); break;
    case NodeType::HtmlBlock:
    case NodeType::HtmlInline:
    case NodeType::Code:
      n.text = get_str(obj, names.text, n, "text");
      n.info = get_str(obj, names.info, n, "info");
      break;
    case NodeType::Span:
    case NodeType::Div:
    case NodeType::Emphasis:
    case NodeType::Strong:
    case NodeType::Strikethrough:
    case NodeType::Underline: n.info = get_str(obj, names.info, n, "info"); break;
    case NodeType::Text:
    case NodeType::CommentBlock:
    case NodeType::CommentInline: n.text = get_str(obj, names.text, n, "text"); break;
    case NodeType::Link:
      n.target = get_str(obj, names.target, n, "target");
      n.title = get_str(obj, names.title, n, "title");
      break;
    case NodeType::WikiLink:
      n.target = get_str(obj, names.target, n, "target");
      n.anchor = get_str(obj, names.anchor, n, "anchor");
      n.title = get_str(obj, names.title, n, "title");
      n.info = get_str(obj, names.info, n, "info");
      n.label = get_str(obj, names.href, n, "href");
      break;
    case NodeType::Image:
      n.target = get_str(obj, names.target, n, "target");
      n.title = get_str(obj, names.title, n, "title");
      n.size = get_str(obj, names.size, n, "size");
      n.info = get_str(obj, names.info, n, "info");
      n.label = get_str(obj, names.href, n, "href");
      break;
    default: break;
  }
  n.attrs = get_pairs(get(obj, names.attrs), std::string(node_type_name(n.type)) + ".attrs");
}

// A whole Python tree as a Node, depth first with an explicit stack. A node that contains
// itself (a cycle) is an error; a node shared by two parents is copied twice.
Node tree_from_python(py::handle root) {
  Node out;
  node_from_python(out, root);
  struct Frame {
    Node* node;
    py::list children;
    std::size_t next;
  };
  std::vector<Frame> stack;
  std::unordered_set<PyObject*> ancestors;
  auto enter = [&](Node& node, py::handle obj) {
    if (!is_container(node.type)) return;
    py::object c = get(obj, names.children);
    if (!PyList_Check(c.ptr())) c = py::list(c);
    py::list list = py::reinterpret_borrow<py::list>(c);
    if (!ancestors.insert(obj.ptr()).second)
      throw py::value_error(std::string(node_type_name(node.type)) + " contains itself");
    node.children.resize(list.size());
    stack.push_back({&node, std::move(list), 0});
  };
  enter(out, root);
  std::vector<PyObject*> ancestor_path;  // parallels `stack` for removal on exit
  if (!stack.empty()) ancestor_path.push_back(root.ptr());
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next >= top.node->children.size()) {
      ancestors.erase(ancestor_path.back());
      ancestor_path.pop_back();
      stack.pop_back();
      continue;
    }
    std::size_t i = top.next++;
    if (i >= top.children.size())
      throw py::value_error("a children list changed size while it was being converted");
    py::handle child = top.children[i];
    Node& dst = top.node->children[i];
    node_from_python(dst, child);
    std::size_t before = stack.size();
    enter(dst, child);  // may reallocate `stack`: `top` is not used after this
    if (stack.size() > before) ancestor_path.push_back(child.ptr());
  }
  return out;
}

std::vector<std::string> str_list(py::handle v, const char* what) {
  std::vector<std::string> out;
  if (v.is_none()) return out;
  if (PyUnicode_Check(v.ptr())) throw py::type_error(std::string(what) + ": expected a list of str, got str");
  for (py::handle item : py::reinterpret_borrow<py::iterable>(v)) out.push_back(as_str(item, what));
  return out;
}

// A Python Document as a Page. A changed title is normalized (and its namespace found) with
// the rules of `wiki`, the page's wiki.
Page page_from_python(py::handle doc, const Wiki* wiki) {
  if (node_type_of(doc) != NodeType::Document)
    throw py::type_error("expected a wikiconv.Document, got " + type_name(doc));
  Page page;
  page.body = tree_from_python(doc);
  page.title = as_str(get(doc, names.title), "Document.title");
  page.ns = as_str(get(doc, names.namespace_), "Document.namespace");
  py::object loaded = get(doc, names.loaded_title);
  if (loaded.is_none() || as_str(loaded, "Document") != page.title) {
    static const std::vector<std::string> no_namespaces;
    TitleParts parts = normalize_title(page.title, wiki ? wiki->custom_namespaces() : no_namespaces);
    if (parts.title.empty()) throw py::value_error("Document.title: a page needs a title");
    page.title = parts.title;
    page.ns = parts.ns;
  }
  page.categories = str_list(get(doc, names.categories), "Document.categories");
  page.metadata = get_pairs(get(doc, names.metadata), "Document.metadata");
  py::object ts = get(doc, names.timestamp);
  page.timestamp = ts.is_none() ? 0 : ts.cast<std::int64_t>();
  page.source = as_str(get(doc, names.source), "Document.source");
  page.redirect = get_str(doc, names.redirect, page.body, "redirect");
  page.redirect_anchor = get_str(doc, names.redirect_anchor, page.body, "redirect_anchor");
  if (py::hasattr(doc, "_category_links"))
    for (py::handle link : py::reinterpret_borrow<py::iterable>(py::getattr(doc, "_category_links")))
      page.category_links.push_back(tree_from_python(link));
  if (py::object original = py::getattr(doc, "_original", py::none()); py::isinstance<py::capsule>(original))
    page.original = *original.cast<py::capsule>().get_pointer<std::shared_ptr<const OriginalMarkdown>>();
  return page;
}

// ---- diagnostics, options ---------------------------------------------------------------

py::list diagnostics_list(const Diagnostics& diagnostics) {
  py::list out;
  for (const auto& d : diagnostics.items())
    out.append(py::make_tuple(d.severity == Severity::Error ? "error" : "warning",
                              to_str(d.file), d.line, to_str(d.message), d.column));
  return out;
}

Options options_from(const py::dict& values) {
  Options options;
  for (auto [k, v] : values) options.set(as_str(k, "option name"), as_str(v, "option value"));
  return options;
}

unsigned thread_count(int requested) {
  if (requested > 0) return static_cast<unsigned>(requested);
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

py::object output_value(const WriterInfo& info, const std::string& out) {
  if (info.page_output == OutputKind::Binary) return py::bytes(out);
  return to_str(out);
}

std::string text_arg(py::handle text) {
  if (PyBytes_Check(text.ptr())) return std::string(py::reinterpret_borrow<py::bytes>(text));
  return as_str(text, "text");
}

// ---- the wiki handle ----------------------------------------------------------------------

struct WikiHandle {
  Wiki wiki;
  Diagnostics index_diagnostics;
};

WikiOptions wiki_options(bool strict, const std::vector<std::string>& namespaces,
                         const std::vector<std::string>& main_namespace) {
  WikiOptions o;
  o.read.strict = strict;
  o.read.keep_original = true;  // for str(doc) and the gfm writer (other writers do without)
  o.namespaces = namespaces;
  o.main_namespace_prefixes = main_namespace;
  return o;
}

std::shared_ptr<WikiHandle> open_wiki(const std::string& path, bool strict,
                                      const std::vector<std::string>& namespaces,
                                      const std::vector<std::string>& main_namespace, const std::string& title) {
  auto handle = std::make_shared<WikiHandle>();
  WikiOptions options = wiki_options(strict, namespaces, main_namespace);
  py::gil_scoped_release release;
  handle->wiki = open_input(path, {}, title, options, handle->index_diagnostics);
  return handle;
}

// A page's git history: (revisions as tuples with their text, diagnostics).
py::tuple wiki_revisions(const WikiHandle& handle, const std::string& title) {
  const PageEntry* entry = handle.wiki.find(title);
  if (!entry) entry = handle.wiki.find(handle.wiki.resolve(title));
  if (!entry) throw py::key_error(title);
  Diagnostics diagnostics;
  std::vector<Revision> revisions;
  std::vector<std::string> texts;
  {
    py::gil_scoped_release release;
    revisions = handle.wiki.revisions(*entry, diagnostics);
    for (const Revision& r : revisions) texts.push_back(handle.wiki.revision_text(r));
  }
  py::list out;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const Revision& r = revisions[i];
    out.append(py::make_tuple(r.id, r.commit, to_str(r.author), to_str(r.email), r.time, to_str(r.message),
                              to_str(r.path), to_str(texts[i])));
  }
  return py::make_tuple(out, diagnostics_list(diagnostics));
}

py::object wiki_load(const std::shared_ptr<WikiHandle>& handle, py::object self, const std::string& title) {
  const PageEntry* entry = handle->wiki.find(title);
  if (!entry) entry = handle->wiki.find(handle->wiki.resolve(title));
  if (!entry) throw py::key_error(title);
  Diagnostics diagnostics;
  Page page;
  {
    py::gil_scoped_release release;
    page = handle->wiki.load(*entry, diagnostics);
  }
  py::object doc = page_to_python(page, self);
  return py::make_tuple(doc, diagnostics_list(diagnostics));
}

// Titles the format `to` writes under one name, as `wikiconv check -t` reports them: a list of
// (name, titles, names written).
py::list wiki_name_collisions(const std::shared_ptr<WikiHandle>& handle, const std::string& to) {
  std::vector<NameCollision> collisions = name_collisions(handle->wiki, to);
  py::list out;
  for (const auto& c : collisions) {
    py::list titles, names;
    for (const auto& t : c.titles) titles.append(to_str(t));
    for (const auto& n : c.names) names.append(to_str(n));
    out.append(py::make_tuple(to_str(c.name), titles, names));
  }
  return out;
}

// Categories, broken links and link counts, as `wikiconv check` reports them.
py::dict wiki_report(const std::shared_ptr<WikiHandle>& handle, int threads) {
  Diagnostics diagnostics;
  Report report;
  {
    py::gil_scoped_release release;
    report = build_report(handle->wiki, thread_count(threads), diagnostics);
  }
  py::dict out;
  py::dict categories;
  for (const auto& [name, members] : report.categories) {
    py::list m;
    for (const auto& t : members) m.append(to_str(t));
    categories[to_str(name)] = m;
  }
  out["categories"] = categories;
  py::list broken;
  for (const auto& b : report.broken_links)
    broken.append(py::make_tuple(to_str(b.page), to_str(b.file), b.line, to_str(b.target)));
  out["broken_links"] = broken;
  out["link_count"] = report.link_count;
  out["errors"] = report.errors;
  out["diagnostics"] = diagnostics_list(diagnostics);
  return out;
}

// Every page's wiki links (resolved titles, first occurrence order, no interwiki links).
py::dict wiki_links(const std::shared_ptr<WikiHandle>& handle, int threads) {
  const Wiki& wiki = handle->wiki;
  Diagnostics diagnostics;
  std::vector<std::pair<std::string, std::vector<std::string>>> all;
  {
    py::gil_scoped_release release;
    std::function<std::vector<std::string>(const PageEntry&)> produce = [&](const PageEntry& entry) {
      std::vector<std::string> targets;
      std::unordered_set<std::string> seen;
      Page page;
      try {
        page = wiki.load(entry, diagnostics);
      } catch (const Error&) {
        return targets;
      }
      NodeIterator it(page.body);
      while (it.next()) {
        const Node& n = it.node();
        if (it.event() != WalkEvent::Enter || n.type != NodeType::WikiLink) continue;
        if (n.target.empty() || is_interwiki(n.target)) continue;
        std::string t = wiki.resolve(n.target);
        if (seen.insert(t).second) targets.push_back(std::move(t));
      }
      return targets;
    };
    std::function<void(const PageEntry&, std::vector<std::string>&&)> consume =
        [&](const PageEntry& entry, std::vector<std::string>&& targets) { all.emplace_back(entry.title(), std::move(targets)); };
    for_each_page_ordered<std::vector<std::string>>(wiki, thread_count(threads), produce, consume);
  }
  py::dict out;
  for (const auto& [title, targets] : all) {
    py::list l;
    for (const auto& t : targets) l.append(to_str(t));
    out[to_str(title)] = l;
  }
  return out;
}

// Runs the library's front door on a thread of its own, without the GIL, while this thread
// watches for Ctrl-C: Python's SIGINT handler only sets a flag while C++ runs, so without the
// watch a long conversion could not be interrupted. Ctrl-C cancels the conversion (its output
// is left as it was) and raises KeyboardInterrupt. An error in the input (not a usage or output
// error) becomes the last diagnostic, so that Python raises the first error with every
// diagnostic attached (and the warnings before it issued).
ConversionResult run_conversion(ConversionRequest request, Diagnostics& diagnostics) {
  std::atomic<int> cancel{0};
  request.cancel = &cancel;
  ConversionResult result;
  std::exception_ptr failure;
  bool done = false, interrupted = false;
  std::mutex mutex;
  std::condition_variable finished;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result = wikiconv::convert(request, diagnostics);
      } catch (...) {
        failure = std::current_exception();
      }
      std::lock_guard lock(mutex);
      done = true;
      finished.notify_one();
    });
    std::unique_lock lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      if (interrupted) continue;
      lock.unlock();
      {
        py::gil_scoped_acquire gil;
        // Runs Python's signal handlers; an exception from one (KeyboardInterrupt) stays set.
        if (PyErr_CheckSignals() != 0) {
          interrupted = true;
          cancel = SIGINT;
        }
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  if (!failure) return result;
  try {
    std::rethrow_exception(failure);
  } catch (const UsageError&) {
    throw;
  } catch (const OutputError&) {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    diagnostics.add(e.diagnostic());
    return {};
  }
}

// The whole wiki in `format` to `output`, as `wikiconv convert WIKI -t FORMAT -o OUTPUT` does;
// `filter` (a callable or None) sees every page as a Document between reading and writing.
py::list wiki_write(const std::shared_ptr<WikiHandle>& handle, py::object self, const std::string& output,
                    const std::string& format, const py::dict& option_values, int threads, bool progress,
                    py::object filter, bool keep_going) {
  ConversionRequest request;
  request.wiki_index = &handle->wiki;
  request.wiki_index_diagnostics = &handle->index_diagnostics;
  request.to = format;
  request.options = options_from(option_values);
  request.output = output;
  request.threads = threads > 0 ? static_cast<unsigned>(threads) : 0;
  request.progress = progress;
  request.keep_going = keep_going;
  std::size_t filtered = 0;
  std::mutex filtered_mutex;
  if (!filter.is_none()) {
    // Runs on the writer's threads: takes the GIL for the conversion and the call. A changed
    // title is normalized with the rules of the wiki the page belongs to.
    request.filter = [&](Page& page) {
      py::gil_scoped_acquire gil;
      py::object doc = page_to_python(page, self);
      py::object result = filter(doc);
      if (!result.is_none()) doc = result;
      page = page_from_python(doc, &handle->wiki);
      std::lock_guard lock(filtered_mutex);
      ++filtered;
    };
  }
  Diagnostics diagnostics;
  run_conversion(request, diagnostics);
  if (!filter.is_none() && filtered == 0 && diagnostics.error_count() == 0 && !handle->wiki.pages().empty())
    throw Error("the " + format + " writer did not read the pages through Wiki::load: the filter was not applied");
  return diagnostics_list(diagnostics);
}

// ---- module functions -----------------------------------------------------------------------

py::tuple convert_text(py::handle text, const std::string& from, const std::string& to,
                       const py::dict& option_values, const std::string& title, bool strict) {
  ConversionRequest request;
  request.inputs = {"-"};
  request.text = text_arg(text);
  request.from = from;
  request.to = to;
  request.options = options_from(option_values);
  request.title = title;
  request.wiki.read.strict = strict;
  request.output = "-";  // returned, binary formats too
  Diagnostics diagnostics;
  ConversionResult result = run_conversion(request, diagnostics);
  return py::make_tuple(output_value(writer_info(to), result.text), diagnostics_list(diagnostics));
}

py::tuple read_text(py::handle text, const std::string& from, const std::string& title, bool strict) {
  std::string input = text_arg(text);
  Diagnostics diagnostics;
  std::shared_ptr<WikiHandle> handle;
  Page page;
  {
    py::gil_scoped_release release;
    if (from == "json") {
      page = read_json(input, "-");
      if (!title.empty()) page.title = title;
      if (page.title.empty()) page.title = "Untitled";
      handle = std::make_shared<WikiHandle>();
      handle->wiki = Wiki::from_text({}, page.title, wiki_options(strict, {}, {}));
      TitleParts parts = normalize_title(page.title, {});
      page.title = parts.title;
      if (page.ns.empty()) page.ns = parts.ns;
    } else if (from == "markdown" || from == "gfm" || from == "md") {
      handle = std::make_shared<WikiHandle>();
      handle->wiki = Wiki::from_text(std::move(input), title, wiki_options(strict, {}, {}));
      page = handle->wiki.load(handle->wiki.pages().front(), diagnostics);
    } else {
      throw Error("unknown input format \"" + from + "\" (known: markdown, json)");
    }
  }
  py::object wiki_obj = py::cast(handle);
  return py::make_tuple(page_to_python(page, wiki_obj), diagnostics_list(diagnostics));
}

// One Document in `to`; `wiki` (a WikiHandle or None) is the wiki its links are checked against.
py::tuple write_document(py::handle doc, const std::string& to, const py::dict& option_values, py::object wiki_obj) {
  auto writer = checked_writer(to, options_from(option_values));
  const WriterInfo& info = writer_info(to);
  std::shared_ptr<WikiHandle> handle;
  if (!wiki_obj.is_none()) handle = wiki_obj.cast<std::shared_ptr<WikiHandle>>();
  Page page = page_from_python(doc, handle ? &handle->wiki : nullptr);
  Diagnostics diagnostics;
  std::string out;
  {
    py::gil_scoped_release release;
    std::optional<Wiki> own;
    if (!handle) own = Wiki::from_text({}, page.title, WikiOptions{});
    WriteContext context;
    context.wiki = handle ? &handle->wiki : &*own;
    context.diagnostics = &diagnostics;
    out = writer->write_page(page, context);
  }
  return py::make_tuple(output_value(info, out), diagnostics_list(diagnostics));
}

// The Python Document tree round-tripped through the C++ model (for tests and checks).
py::object normalize_document(py::handle doc) {
  Page page = page_from_python(doc, nullptr);
  return page_to_python(page, get(doc, names.wiki));
}

py::list formats() {
  py::list out;
  for (const auto& w : writers())
    out.append(py::make_tuple(std::string(w.name), std::string(w.description),
                              w.page_output == OutputKind::Binary,
                              w.wiki_output == WikiOutput::File ? "file" : "directory",
                              std::string(w.options_help)));
  return out;
}

void register_classes(py::list node_classes, py::handle error, py::handle usage_error, py::handle output_error,
                      py::handle node_list) {
  if (node_classes.size() != kNodeTypes) throw py::value_error("expected one class per node type");
  for (std::size_t i = 0; i < kNodeTypes; ++i) {
    PyObject* cls = node_classes[i].ptr();
    if (!PyType_Check(cls)) throw py::type_error("node classes must be classes");
    Py_INCREF(cls);
    Py_XDECREF(registered.node_classes[i]);
    registered.node_classes[i] = cls;
  }
  for (auto [slot, cls] : {std::pair{&registered.error, error}, std::pair{&registered.usage_error, usage_error},
                           std::pair{&registered.output_error, output_error},
                           std::pair{&registered.node_list, node_list}}) {
    Py_INCREF(cls.ptr());
    Py_XDECREF(*slot);
    *slot = cls.ptr();
  }
}

}  // namespace

PYBIND11_MODULE(_wikiconv, m) {
  m.doc() = "The compiled part of wikiconv; use the `wikiconv` package instead.";
  init_names();

  // wikiconv::Error -> wikiconv.Error (registered by the package) with .file, .line, .message.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyObject* cls = registered.error ? registered.error : PyExc_RuntimeError;
      if (dynamic_cast<const UsageError*>(&e) && registered.usage_error) cls = registered.usage_error;
      if (dynamic_cast<const OutputError*>(&e) && registered.output_error) cls = registered.output_error;
      py::object inst = py::reinterpret_borrow<py::object>(cls)(to_str(e.what()));
      inst.attr("file") = e.file().empty() ? py::object(py::none()) : py::object(to_str(e.file()));
      inst.attr("line") = e.line();
      inst.attr("column") = e.column();
      inst.attr("message") = to_str(e.message());
      PyErr_SetObject(cls, inst.ptr());
    }
  });

  py::class_<WikiHandle, std::shared_ptr<WikiHandle>>(m, "WikiHandle", "A wiki opened by the C++ library.")
      .def_static("open", &open_wiki, py::arg("path"), py::arg("strict"), py::arg("namespaces"),
                  py::arg("main_namespace"), py::arg("title"))
      .def("root", [](const WikiHandle& h) { return h.wiki.root().string(); })
      .def("single_file", [](const WikiHandle& h) { return h.wiki.single_page(); })
      .def("pages", [](const WikiHandle& h) {
        py::list out;
        for (const auto& p : h.wiki.pages())
          out.append(py::make_tuple(to_str(p.title()), to_str(p.ns()), to_str(p.relpath()), p.path()));
        return out;
      })
      .def("size", [](const WikiHandle& h) { return h.wiki.pages().size(); })
      // Renames a page of the wiki's folder with the options it was opened with (namespaces,
      // strictness): (what changed, diagnostics). The handle still indexes the old folder.
      .def("rename", [](const WikiHandle& h, const std::string& old_title, const std::string& new_title) {
        Diagnostics diagnostics;
        RenameResult r;
        {
          py::gil_scoped_release release;
          r = rename_page(h.wiki.root().string(), old_title, new_title, h.wiki.options(), diagnostics);
        }
        py::dict out;
        out["old_title"] = r.old_title;
        out["new_title"] = r.new_title;
        out["old_file"] = r.old_file;
        out["new_file"] = r.new_file;
        out["changed_files"] = r.changed_files;
        out["links"] = r.links;
        return py::make_tuple(out, diagnostics_list(diagnostics));
      }, py::arg("old_title"), py::arg("new_title"))
      // The same folder indexed anew with the same options (after a rename).
      .def("reopen", [](const WikiHandle& h) {
        auto handle = std::make_shared<WikiHandle>();
        py::gil_scoped_release release;
        handle->wiki = Wiki::open(h.wiki.root(), h.wiki.options(), handle->index_diagnostics);
        return handle;
      })
      .def("titles", [](const WikiHandle& h) {
        py::list out;
        for (const auto& p : h.wiki.pages()) out.append(to_str(p.title()));
        return out;
      })
      .def("has", [](const WikiHandle& h, const std::string& title) { return h.wiki.find(title) != nullptr; })
      .def("resolve", [](const WikiHandle& h, const std::string& target) { return h.wiki.resolve(target); })
      .def("exists", [](const WikiHandle& h, const std::string& target) { return h.wiki.exists(target); })
      .def("namespaces", [](const WikiHandle& h) { return h.wiki.custom_namespaces(); })
      .def("collisions", [](const WikiHandle& h) {
        py::list out;
        for (const auto& c : h.wiki.collisions()) out.append(py::make_tuple(c.title, c.files));
        return out;
      })
      .def("media", [](const WikiHandle& h) {
        py::dict out;
        for (const auto& [title, path] : h.wiki.media()) out[to_str(title)] = path.string();
        return out;
      })
      .def("shard", [](const WikiHandle& h, std::size_t first, std::size_t last) {
        auto part = std::make_shared<WikiHandle>();
        part->wiki = h.wiki.shard(first, last);
        return part;
      })
      .def("index_diagnostics", [](const WikiHandle& h) { return diagnostics_list(h.index_diagnostics); })
      .def("load", [](const std::shared_ptr<WikiHandle>& h, const std::string& title) {
        return wiki_load(h, py::cast(h), title);
      })
      .def("revisions", &wiki_revisions, py::arg("title"))
      .def("report", &wiki_report, py::arg("threads"))
      .def("name_collisions", &wiki_name_collisions, py::arg("to"))
      .def("links", &wiki_links, py::arg("threads"))
      .def("write", [](const std::shared_ptr<WikiHandle>& h, const std::string& output, const std::string& format,
                       const py::dict& options, int threads, bool progress, py::object filter, bool keep_going) {
        return wiki_write(h, py::cast(h), output, format, options, threads, progress, std::move(filter), keep_going);
      }, py::arg("output"), py::arg("format"), py::arg("options"), py::arg("threads"), py::arg("progress"),
         py::arg("filter"), py::arg("keep_going"));

  m.def("register_classes", &register_classes);
  m.def("formats", &formats);
  m.def("convert", &convert_text, py::arg("text"), py::arg("from_"), py::arg("to"), py::arg("options"),
        py::arg("title"), py::arg("strict"));
  m.def("read", &read_text, py::arg("text"), py::arg("from_"), py::arg("title"), py::arg("strict"));
  m.def("write_document", &write_document, py::arg("document"), py::arg("to"), py::arg("options"),
        py::arg("wiki"));
  m.def("normalize_document", &normalize_document);
  m.def("version", [] { return std::string(version()); });
  // What text_content() leaves out: elements a browser never shows (the library's one table).
  m.def("hidden_element", [](std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return html::element_role(lower) == html::Role::Hidden;
  });
}
