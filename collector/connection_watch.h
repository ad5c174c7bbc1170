// An overall deadline for the head of each request (the slow-client attack
// that dribbles header bytes, each just within the socket's receive timeout):
// every connection of the server is watched from the moment it is accepted,
// and again after each answer, until its next request reaches a handler; a
// connection that has not got that far within `head_deadline` is shut down.
// (Once in a handler, a body has its own deadline: http_exchange.h.)
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
  explicit ConnectionWatch(std::chrono::seconds head_deadline);
  ~ConnectionWatch();
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  // A factory of HTTP connections watched by this watch (the server owns it).
  Poco::Net::TCPServerConnectionFactory* factory(Poco::Net::HTTPServerParams::Ptr params,
                                                 Poco::Net::HTTPRequestHandlerFactory::Ptr handlers);

  // On the connection's thread: a request reached its handler / was answered.
  static void handler_started();
  static void handler_finished();

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
  struct Entry {
    Poco::Net::StreamSocket socket;
    std::chrono::steady_clock::time_point since;
    bool in_handler = false;
  };
  void run();
  void set_in_handler(uint64_t id, bool in);

  const std::chrono::seconds deadline_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::map<uint64_t, Entry> entries_;
  uint64_t next_id_ = 1;
  uint64_t shut_down_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ipsurvey::collector
