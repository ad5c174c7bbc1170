#include "collector/connection_watch.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerConnection.h>

#include <algorithm>

namespace ipsurvey::collector {
namespace {

// The watch and entry of the connection this thread serves (Poco runs each
// connection, its requests and their handlers on one thread).
thread_local ConnectionWatch* t_watch = nullptr;
thread_local uint64_t t_entry = 0;

class WatchedConnection : public Poco::Net::HTTPServerConnection {
 public:
  WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, ConnectionWatch& watch)
      : HTTPServerConnection(socket, params, handlers), watch_(watch) {}
  void run() override {
    t_watch = &watch_;
    t_entry = watch_.add(socket());
    try {
      HTTPServerConnection::run();
    } catch (...) {
      watch_.remove(t_entry);
      t_watch = nullptr;
      throw;
    }
    watch_.remove(t_entry);
    t_watch = nullptr;
  }

 private:
  ConnectionWatch& watch_;
};

class WatchedFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  WatchedFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                 ConnectionWatch& watch)
      : params_(params), handlers_(handlers), watch_(watch) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new WatchedConnection(socket, params_, handlers_, watch_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ConnectionWatch& watch_;
};

}  // namespace

ConnectionWatch::ConnectionWatch(std::chrono::seconds head_deadline, std::chrono::seconds body_deadline)
    : deadline_(head_deadline), body_deadline_(body_deadline), thread_([this] { run(); }) {}

ConnectionWatch::~ConnectionWatch() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Poco::Net::TCPServerConnectionFactory* ConnectionWatch::factory(Poco::Net::HTTPServerParams::Ptr params,
                                                                Poco::Net::HTTPRequestHandlerFactory::Ptr handlers) {
  return new WatchedFactory(params, handlers, *this);
}

uint64_t ConnectionWatch::add(const Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t id = next_id_++;
  entries_[id] = Entry{socket, std::chrono::steady_clock::now(), Phase::Head};
  return id;
}

void ConnectionWatch::remove(uint64_t id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(id);
  }
  cv_.notify_all();
}

bool ConnectionWatch::drain(std::chrono::seconds max) {
  const auto until = std::chrono::steady_clock::now() + max;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!entries_.empty()) {
    for (auto& [id, e] : entries_) {
      if (e.phase == Phase::Handler) continue;
      try {
        e.socket.shutdown();
      } catch (const Poco::Exception&) {
      }
    }
    if (cv_.wait_until(lock, std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(100))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= until)
      return entries_.empty();
  }
  return true;
}

void ConnectionWatch::set_phase(uint64_t id, Phase phase) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  it->second.phase = phase;
  it->second.since = std::chrono::steady_clock::now();
}

void ConnectionWatch::handler_started() {
  if (t_watch) t_watch->set_phase(t_entry, Phase::Handler);
}

void ConnectionWatch::handler_finished() {
  if (t_watch) t_watch->set_phase(t_entry, Phase::Head);
}

void ConnectionWatch::body_started() {
  if (t_watch) t_watch->set_phase(t_entry, Phase::Body);
}

void ConnectionWatch::body_finished() {
  if (t_watch) t_watch->set_phase(t_entry, Phase::Handler);
}

uint64_t ConnectionWatch::shut_down() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return shut_down_;
}

void ConnectionWatch::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_; })) {
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, e] : entries_) {
      if (e.phase == Phase::Handler) continue;
      if (now - e.since <= (e.phase == Phase::Body ? body_deadline_ : deadline_)) continue;
      try {
        // The blocked read returns. A late head: the connection closes. A late body: the
        // handler still answers (408) on the sending side.
        if (e.phase == Phase::Body) e.socket.shutdownReceive();
        else e.socket.shutdown();
      } catch (const Poco::Exception&) {
      }
      e.since = now + std::chrono::hours(24);  // once is enough; its thread removes it
      ++shut_down_;
    }
  }
}

}  // namespace ipsurvey::collector
