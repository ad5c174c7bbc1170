#include "importers/pipelined_read.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace ipsurvey::importers {
namespace {

constexpr size_t kBlock = 256 << 10;
constexpr size_t kMaxQueued = 4;
constexpr uint64_t kInlineBelow = 1 << 20;

class BlockQueue {
 public:
  // Producer: false when the consumer has cancelled.
  bool push(std::string block) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return cancelled_ || queue_.size() < kMaxQueued; });
    if (cancelled_) return false;
    queue_.push_back(std::move(block));
    not_empty_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    not_empty_.notify_one();
  }
  // Consumer: false when the producer closed and nothing is left.
  bool pop(std::string& block) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return false;
    block = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    queue_.clear();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::string> queue_;
  bool closed_ = false, cancelled_ = false;
};

}  // namespace

bool read_pipelined(const ZipArchive& archive, const ZipEntry& entry,
                    const ZipArchive::ChunkFn& consume, Problems& problems) {
  if (entry.uncompressed_size < kInlineBelow) return archive.read(entry, consume, problems);

  BlockQueue queue;
  Problems worker_problems;
  bool worker_ok = false;
  std::thread worker([&] {
    std::string block;
    block.reserve(kBlock);
    worker_ok = archive.read(
        entry,
        [&](const char* d, size_t n) {
          block.append(d, n);
          if (block.size() < kBlock) return true;
          std::string full;
          full.reserve(kBlock);
          full.swap(block);
          return queue.push(std::move(full));
        },
        worker_problems);
    if (worker_ok && !block.empty()) worker_ok = queue.push(std::move(block));
    queue.close();
  });

  bool consumer_ok = true;
  std::string block;
  while (queue.pop(block)) {
    if (!consume(block.data(), block.size())) {
      consumer_ok = false;
      queue.cancel();
      break;
    }
  }
  worker.join();
  if (consumer_ok) {
    for (auto& p : worker_problems) problems.push_back(std::move(p));
    return worker_ok;
  }
  return false;
}

}  // namespace ipsurvey::importers
