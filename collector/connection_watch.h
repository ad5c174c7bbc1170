// Overall deadlines against slow clients (that dribble bytes, each just within
// the socket's receive timeout): every connection of the server is watched
// from the moment it is accepted, and again after each answer, until its next
// request reaches a handler — shut down when that takes over `head_deadline`;
// and while a handler reads a request body — shut down when that takes over
// `body_deadline` (the blocked read then returns, and the handler answers).
//
// Use: make the server a Poco::Net::TCPServer with factory(); each handler
// calls handler_started() / handler_finished() on its thread; after the
// server's stop(), drain() ends the connections still open. The watch owns a
// thread that checks once a second; it must outlive every connection.
// Thread-safe.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace ipsurvey::collector {

class ConnectionWatch {
 public:
  ConnectionWatch(std::chrono::seconds head_deadline, std::chrono::seconds body_deadline);
  ~ConnectionWatch();
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  // A factory of HTTP connections watched by this watch (the server owns it).
  Poco::Net::TCPServerConnectionFactory* factory(Poco::Net::HTTPServerParams::Ptr params,
                                                 Poco::Net::HTTPRequestHandlerFactory::Ptr handlers);

  // On the connection's thread: a request reached its handler / was answered.
  static void handler_started();
  static void handler_finished();
  // On the connection's thread: a handler starts / ends reading the body.
  static void body_started();
  static void body_finished();

  // After the server stopped accepting: shuts down every connection not in a
  // handler (and each one as its handler finishes) and waits, up to `max`,
  // until none is left. False when some were still busy at the end.
  bool drain(std::chrono::seconds max);

  // How many connections were shut down for a late request head.
  uint64_t shut_down() const;

  // Used by the watched connections.
  uint64_t add(const Poco::Net::StreamSocket& socket);
  void remove(uint64_t id);

 private:
  enum class Phase { Head, Handler, Body };
  struct Entry {
    Poco::Net::StreamSocket socket;
    std::chrono::steady_clock::time_point since;
    Phase phase = Phase::Head;
  };
  void run();
  void set_phase(uint64_t id, Phase phase);

  const std::chrono::seconds deadline_, body_deadline_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::map<uint64_t, Entry> entries_;
  uint64_t next_id_ = 1;
  uint64_t shut_down_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ipsurvey::collector
