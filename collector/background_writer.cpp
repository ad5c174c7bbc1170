#include "collector/background_writer.h"

namespace ipsurvey::collector {

BackgroundWriter::BackgroundWriter(std::function<void(Batch&)> consume, size_t batch_size, size_t max_batches)
    : consume_(std::move(consume)), batch_size_(batch_size), max_batches_(max_batches) {
  pending_.reserve(batch_size_);
  thread_ = std::thread([this] { run(); });
}

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundWriter::push(const std::string& file, db::StoredRecord&& record, Problems&& found_before) {
  pending_.push_back(Item{file, std::move(record), std::move(found_before)});
  if (pending_.size() >= batch_size_) send_pending();
}

void BackgroundWriter::send_pending() {
  if (pending_.empty()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < max_batches_ || failure_; });
  if (!failure_) queue_.push_back(std::move(pending_));
  lock.unlock();
  changed_.notify_all();
  pending_ = Batch();
  pending_.reserve(batch_size_);
}

void BackgroundWriter::drain() {
  send_pending();
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return (queue_.empty() && busy_ == 0) || failure_; });
  if (failure_) std::rethrow_exception(failure_);
}

void BackgroundWriter::run() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, nothing left
      batch = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    changed_.notify_all();
    std::exception_ptr failed;
    try {
      if (!failure_) consume_(batch);
    } catch (...) {
      failed = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --busy_;
      if (failed && !failure_) {
        failure_ = failed;
        queue_.clear();
      }
    }
    changed_.notify_all();
  }
}

}  // namespace ipsurvey::collector
