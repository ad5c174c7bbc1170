// Where a table writer's bytes go (internal to the table writers): a file that
// appears whole or not at all, or a stream.
//
// TempFile is a file made with mkstemp; it is removed when destroyed unless
// publish() renamed it. OutputTarget is what text, csv and json write to: the
// caller's stream, or a TempFile beside the target path published by commit()
// (a device or pipe such as /dev/stdout is written directly). Not thread-safe.
// Error messages are Chinese sentences naming the path.
#pragma once

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace ipsurvey::collector {

class TempFile {
 public:
  // Creates `dir`/.`stem`.XXXXXX (mode 0600, empty, closed).
  static std::unique_ptr<TempFile> create(const std::string& dir, const std::string& stem,
                                          std::string* error);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  // Gives the file the usual mode (0666 less the umask) and renames it to `target`.
  bool publish(const std::string& target, std::string* error);
  // Appends the file's bytes to `out`.
  bool copy_to(std::ostream& out, std::string* error) const;

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
  bool published_ = false;
};

// The directory part of a path ("." when it has none).
std::string directory_of(const std::string& path);
// The last part of a path.
std::string file_name_of(const std::string& path);
// $TMPDIR when set and absolute, else /tmp.
std::string default_tmpdir();
// True when `path` does not exist or is a regular file (so it can be replaced
// by renaming a temporary file over it).
bool replaceable_by_rename(const std::string& path);

class OutputTarget {
 public:
  // To *out when path is empty, else to the file `path`.
  static std::unique_ptr<OutputTarget> open(std::ostream* out, const std::string& path,
                                            std::string* error);
  ~OutputTarget() = default;
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  std::ostream& stream() { return *stream_; }
  // Writes bytes; false (and an error) when the stream failed.
  bool write(std::string_view bytes, std::string* error);
  // Flushes; for a file, closes it and puts it in place.
  bool commit(std::string* error);
  // For writers that gather output in `buffer`: writes and empties it once it
  // holds `block` bytes or more; finish() writes the rest and commits.
  bool write_if_full(std::string& buffer, size_t block, std::string* error);
  bool finish(std::string& buffer, std::string* error);

 private:
  OutputTarget() = default;
  std::ostream* stream_ = nullptr;
  std::unique_ptr<std::ofstream> file_;
  std::unique_ptr<TempFile> temp_;
  std::string path_;
};

}  // namespace ipsurvey::collector
