#include "wiki/git_history.hpp"

#include <algorithm>

#include "wiki/libgit2_api.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

namespace {

// Owners of libgit2 objects: each frees its object with the matching git_*_free.
template <typename T, auto Libgit2::*Free>
struct Owned {
  T* ptr = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() {
    if (ptr) (git2().*Free)(ptr);
  }
  T** out() { return &ptr; }
  T* get() const { return ptr; }
};
using Commit = Owned<git_commit, &Libgit2::git_commit_free>;
using Tree = Owned<git_tree, &Libgit2::git_tree_free>;
using Diff = Owned<git_diff, &Libgit2::git_diff_free>;
using Walk = Owned<git_revwalk, &Libgit2::git_revwalk_free>;
using Mailmap = Owned<git_mailmap, &Libgit2::git_mailmap_free>;
using Signature = Owned<git_signature, &Libgit2::git_signature_free>;
using StatusList = Owned<git_status_list, &Libgit2::git_status_list_free>;
using Blob = Owned<git_blob, &Libgit2::git_blob_free>;

std::string oid_hex(const git_oid* oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git2().git_oid_tostr(hex, sizeof hex, oid);
  return hex;
}

std::string last_git_error() {
  const git_error* e = git2().git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

// Whether `root` or a folder above it may hold a git repository as libgit2's search finds one:
// a .git entry, or a bare repository's HEAD, objects/ and refs/. A wiki outside git is then told
// so without starting libgit2, which parses the system's whole CA bundle as it starts (10 ms:
// more than converting a small page).
bool may_be_in_repository(const fs::path& root) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) return true;  // libgit2 decides
  for (;;) {
    if (fs::exists(dir / ".git", ec) ||
        (fs::is_regular_file(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec) && fs::is_directory(dir / "refs", ec)))
      return true;
    if (!dir.has_relative_path()) return false;
    dir = dir.parent_path();
  }
}

// A diff's pathspec: the wiki's folder, literally (no wildcards: a folder may be named "[x]").
struct Pathspec {
  std::string path;
  char* item = nullptr;
  explicit Pathspec(std::string prefix) : path(std::move(prefix)) {
    if (!path.empty() && path.back() == '/') path.pop_back();
    item = path.data();
  }
  git_strarray array() { return path.empty() ? git_strarray{nullptr, 0} : git_strarray{&item, 1}; }
};

}  // namespace

GitHistory::~GitHistory() {
  if (repo_) git2().git_repository_free(repo_);
}

std::unique_ptr<GitHistory> GitHistory::read(const fs::path& root, std::string& problem) {
  if (!may_be_in_repository(root)) {
    problem = "not in a git repository";
    return nullptr;
  }
  if (!load_libgit2(problem)) return nullptr;
  std::unique_ptr<GitHistory> history(new GitHistory);
  if (int error = git2().git_repository_open_ext(&history->repo_, root.c_str(), 0, nullptr); error != 0) {
    // Not found, or found and refused (owned by another user: git's safe.directory).
    problem = error == GIT_ENOTFOUND ? "not in a git repository" : "in a git repository libgit2 cannot open: " + last_git_error();
    return nullptr;
  }
  const char* workdir = git2().git_repository_workdir(history->repo_);
  if (!workdir) {
    problem = "in a bare git repository";
    return nullptr;
  }
  std::error_code ec;
  fs::path top = fs::canonical(workdir, ec);
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) {
    problem = "cannot resolve the git work tree: " + ec.message();
    return nullptr;
  }
  history->workdir_ = top.string();
  if (!history->workdir_.ends_with('/')) history->workdir_ += '/';
  std::string prefix = canonical_root.lexically_relative(top).generic_string();
  prefix = prefix == "." ? "" : prefix + "/";
  git_oid head;
  if (git2().git_reference_name_to_id(&head, history->repo_, "HEAD") != 0) {
    problem = "its git repository has no commit yet";
    return nullptr;
  }
  history->walk(prefix);
  history->drop_uncommitted(prefix, canonical_root);
  return history;
}

void GitHistory::walk(const std::string& prefix) {
  Walk walk;
  Mailmap mailmap;
  if (git2().git_revwalk_new(walk.out(), repo_) != 0) throw Error(workdir_, 0, "git: " + last_git_error());
  // Parents before children, ties by commit time: the order is the same on every run.
  git2().git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
  if (git2().git_revwalk_push_head(walk.get()) != 0) throw Error(workdir_, 0, "git: " + last_git_error());
  git2().git_mailmap_from_repository(mailmap.out(), repo_);  // no .mailmap: an empty map

  Pathspec pathspec(prefix);
  git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
  diff_options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
  diff_options.pathspec = pathspec.array();
  git_diff_find_options find_options = GIT_DIFF_FIND_OPTIONS_INIT;
  find_options.flags = GIT_DIFF_FIND_RENAMES;

  // Files as they are after each commit, by path in the work tree: a rename moves the history.
  std::unordered_map<std::string, std::vector<Revision>> live;
  std::uint64_t next_id = 1;
  git_oid oid;
  while (git2().git_revwalk_next(&oid, walk.get()) == 0) {
    Commit commit;
    if (git2().git_commit_lookup(commit.out(), repo_, &oid) != 0) continue;
    // A merge changes no file on its own: its sides' commits carry the changes (and their
    // authors); a conflict resolved in it shows in the next commit's text.
    unsigned parents = git2().git_commit_parentcount(commit.get());
    if (parents > 1) continue;
    Tree tree, parent_tree;
    if (git2().git_commit_tree(tree.out(), commit.get()) != 0) continue;
    if (parents == 1) {
      Commit parent;
      if (git2().git_commit_parent(parent.out(), commit.get(), 0) != 0 || git2().git_commit_tree(parent_tree.out(), parent.get()) != 0)
        continue;
    }
    Diff diff;
    if (git2().git_diff_tree_to_tree(diff.out(), repo_, parent_tree.get(), tree.get(), &diff_options) != 0)
      throw Error(workdir_, 0, "git: " + last_git_error());
    if (git2().git_diff_num_deltas(diff.get()) == 0) continue;
    git2().git_diff_find_similar(diff.get(), &find_options);

    Revision base;
    base.commit = oid_hex(&oid);
    Signature author;
    if (git2().git_commit_author_with_mailmap(author.out(), commit.get(), mailmap.get()) == 0) {
      base.author = author.get()->name ? author.get()->name : "";
      base.email = author.get()->email ? author.get()->email : "";
      base.time = static_cast<std::int64_t>(author.get()->when.time);
    } else {
      base.time = static_cast<std::int64_t>(git2().git_commit_time(commit.get()));
    }
    if (const char* summary = git2().git_commit_summary(commit.get())) base.message = summary;

    for (std::size_t i = 0, n = git2().git_diff_num_deltas(diff.get()); i < n; ++i) {
      const git_diff_delta* delta = git2().git_diff_get_delta(diff.get(), i);
      std::string path = delta->new_file.path;
      switch (delta->status) {
        case GIT_DELTA_DELETED:
          live.erase(delta->old_file.path);
          continue;
        case GIT_DELTA_RENAMED: {
          std::string old_path = delta->old_file.path;
          std::vector<Revision> moved = std::move(live[old_path]);
          live.erase(old_path);
          live[path] = std::move(moved);
          break;
        }
        case GIT_DELTA_ADDED:
          live[path].clear();  // a file added where one was deleted starts a new history
          break;
        default:  // modified, type changed
          break;
      }
      Revision revision = base;
      revision.id = next_id++;
      revision.blob = oid_hex(&delta->new_file.id);
      revision.path = path.starts_with(prefix) ? path.substr(prefix.size()) : std::string();
      live[path].push_back(std::move(revision));
    }
  }
  for (auto& [path, revisions] : live)
    if (!revisions.empty()) histories_.emplace(workdir_ + path, std::move(revisions));
  change_count_ = next_id - 1;
}

void GitHistory::drop_uncommitted(const std::string& prefix, const fs::path& root) {
  Pathspec pathspec(prefix);
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  options.pathspec = pathspec.array();
  StatusList list;
  if (git2().git_status_list_new(list.out(), repo_, &options) != 0) throw Error(workdir_, 0, "git: " + last_git_error());
  const std::string root_prefix = root.string() + "/";
  for (std::size_t i = 0, n = git2().git_status_list_entrycount(list.get()); i < n; ++i) {
    const git_status_entry* entry = git2().git_status_byindex(list.get(), i);
    const git_diff_delta* delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
    if (!delta || (entry->status & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED))) continue;
    std::string path = workdir_ + delta->new_file.path;
    histories_.erase(path);
    if (path.starts_with(root_prefix)) uncommitted_.push_back(path.substr(root_prefix.size()));
  }
  std::sort(uncommitted_.begin(), uncommitted_.end());
}

const std::vector<Revision>* GitHistory::find(const fs::path& path) const {
  auto it = histories_.find(path.lexically_normal().string());
  return it == histories_.end() ? nullptr : &it->second;
}

std::string GitHistory::text(const Revision& revision) const {
  git_oid oid;
  if (git2().git_oid_fromstr(&oid, revision.blob.c_str()) != 0)
    throw Error(revision.path, 0, "not a git blob id: " + revision.blob);
  std::lock_guard lock(mutex_);
  Blob blob;
  if (git2().git_blob_lookup(blob.out(), repo_, &oid) != 0)
    throw Error(revision.path, 0, "git: cannot read the file at " + revision.commit.substr(0, 12) + ": " + last_git_error());
  const char* data = static_cast<const char*>(git2().git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<std::size_t>(git2().git_blob_rawsize(blob.get())));
}

}  // namespace wikiconv
