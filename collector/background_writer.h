// Hands records, made ready for storing on the caller's thread
// (db::stored_record), to a consumer running on a thread of its own, so that
// storing (SQLite) overlaps reading and normalising. Records are passed in batches
// through a bounded queue (the reader waits when the store falls behind, so
// memory stays bounded).
//
// The consumer is called on the background thread only, one batch at a time,
// in push order. drain() waits until everything pushed so far is consumed and
// rethrows the first exception the consumer threw (after which later batches
// are dropped, not consumed). Use one BackgroundWriter from one thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "db/stored_record.h"
#include "forms/problem.h"

namespace ipsurvey::collector {

class BackgroundWriter {
 public:
  struct Item {
    std::string file;
    db::StoredRecord record;
    Problems found_before;  // problems found up to this record
  };
  using Batch = std::vector<Item>;
  explicit BackgroundWriter(std::function<void(Batch&)> consume, size_t batch_size = 256, size_t max_batches = 8);
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  void push(const std::string& file, db::StoredRecord&& record, Problems&& found_before);
  void drain();

 private:
  void send_pending();
  void run();

  std::function<void(Batch&)> consume_;
  size_t batch_size_, max_batches_;
  Batch pending_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  size_t busy_ = 0;  // batches taken but not yet consumed
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace ipsurvey::collector
