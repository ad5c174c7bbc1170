// {"title", "columns": [{"header", "kind"}], "rows": [[...]]} (table_output.h).
#include <string>

#include "collector/table_writers.h"
#include "forms/json_writer.h"

namespace ipsurvey::collector {
namespace {

class JsonTableWriter final : public BufferedTableWriter {
 public:
  explicit JsonTableWriter(std::unique_ptr<OutputTarget> target)
      : BufferedTableWriter(std::move(target)), json_(buffer_) {}

 private:
  bool do_begin(const TableHeader& header) override {
    json_.begin_object().key("title").value(header.title).key("columns").begin_array();
    for (const Column& c : header.columns)
      json_.begin_object().key("header").value(c.header).key("kind").value(column_kind_name(c.kind))
          .end_object();
    json_.end_array().key("rows").begin_array();
    return flush_if_full();
  }

  bool do_row(const std::vector<Cell>& cells) override {
    json_.begin_array();
    for (const Cell& c : cells) {
      if (c.is_empty())
        json_.null();
      else if (c.kind == Cell::Kind::Text)
        json_.value(std::string_view(c.text));
      else
        json_.value(c.number);
    }
    json_.end_array();
    return flush_if_full();
  }

  bool do_finish() override {
    json_.end_array().end_object();
    buffer_.push_back('\n');
    return finish_output();
  }

  JsonWriter json_;
};

}  // namespace

std::unique_ptr<TableWriter> make_json_table_writer(std::unique_ptr<OutputTarget> target) {
  return std::make_unique<JsonTableWriter>(std::move(target));
}

}  // namespace ipsurvey::collector
