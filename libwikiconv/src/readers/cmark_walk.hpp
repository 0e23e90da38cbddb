// cmark's iterator (cmark_iter_next and cmark_iter_reset, iterator.c) as a value on the stack:
// the same events in the same order, without the block cmark_iter_new allocates. A page above
// the arena's size keeps its tree on malloc, and its reader walks tens of thousands of subtrees
// (57,000 on a 4 MB page: a calloc and a free each).
#pragma once

#include <cmark-gfm.h>

namespace wikiconv {

class CmarkWalk {
 public:
  explicit CmarkWalk(cmark_node* root) : root_(root), next_node_(root) {}

  // The next event (CMARK_EVENT_DONE after the root's exit); node() is its node. As cmark's
  // iterator does, the step after it is taken now, before the caller sees the event.
  cmark_event_type next() {
    cmark_event_type event = next_event_;
    cmark_node* node = next_node_;
    node_ = node;
    if (event == CMARK_EVENT_DONE) return event;
    if (event == CMARK_EVENT_ENTER && !is_leaf(node)) {
      if (cmark_node* child = cmark_node_first_child(node)) {
        next_node_ = child;
      } else {
        next_event_ = CMARK_EVENT_EXIT;  // an empty container is left at once
      }
    } else if (node == root_) {
      next_event_ = CMARK_EVENT_DONE;
      next_node_ = nullptr;
    } else if (cmark_node* sibling = cmark_node_next(node)) {
      next_event_ = CMARK_EVENT_ENTER;
      next_node_ = sibling;
    } else {
      next_event_ = CMARK_EVENT_EXIT;
      next_node_ = cmark_node_parent(node);
    }
    return event;
  }

  cmark_node* node() const { return node_; }

  // Goes on as if `node` had just given `event` (cmark_iter_reset): with CMARK_EVENT_EXIT, the
  // walk skips what is left of the node's subtree.
  void reset(cmark_node* node, cmark_event_type event) {
    next_node_ = node;
    next_event_ = event;
    next();
  }

  // The nodes cmark's iterator enters without leaving (S_is_leaf).
  static bool is_leaf(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_THEMATIC_BREAK:
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_TEXT:
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        return true;
      default:
        return false;
    }
  }

 private:
  cmark_node* root_;
  cmark_node* node_ = nullptr;
  cmark_node* next_node_;
  cmark_event_type next_event_ = CMARK_EVENT_ENTER;
};

}  // namespace wikiconv
