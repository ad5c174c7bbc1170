#include "importers/xml_stream.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <cstring>
#include <mutex>

namespace ipsurvey::importers {
namespace {

// Every external resource is refused: no file, no network, no DTD.
xmlParserInputPtr refuse_external_entity(const char*, const char*, xmlParserCtxtPtr) {
  return nullptr;
}

// libxml2 reports some errors (encoding conversion) through its generic
// handler, which prints to stderr; every error we act on comes through the
// structured handler of its parser.
void ignore_generic_error(void*, const char*, ...) {}

void init_libxml_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_external_entity);
    xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
    xmlThrDefSetGenericErrorFunc(nullptr, ignore_generic_error);
  });
}

std::string_view sv(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

}  // namespace

struct XmlStream::Impl {
  XmlStream* owner = nullptr;
  XmlHandler* handler = nullptr;
  XmlLimits limits;
  std::string document;
  xmlParserCtxtPtr ctxt = nullptr;
  int depth = 0;
  size_t text_bytes = 0;  // bytes in the current text node
  std::vector<XmlAttribute> attrs;
  std::vector<std::string> scratch = std::vector<std::string>(64);

  void fail(const char* code, std::string message) {
    if (owner->failed_) return;
    Problem p = make_problem(Severity::Error, code, std::move(message), document, {}, owner->line());
    owner->stop(std::move(p));
  }

  static Impl* self(void* ctx) { return static_cast<Impl*>(ctx); }

  static void on_start(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri,
                       int, const xmlChar**, int nb_attributes, int,
                       const xmlChar** attributes) {
    Impl* s = self(ctx);
    if (s->owner->failed_) return;
    s->text_bytes = 0;
    if (++s->depth > s->limits.max_depth) {
      s->fail("xml.too_deep", "XML 嵌套层数超过 " + std::to_string(s->limits.max_depth) +
                                  " 层，文件可能是恶意构造的，已拒收");
      return;
    }
    s->attrs.clear();
    if (static_cast<size_t>(nb_attributes) > s->scratch.size()) s->scratch.resize(nb_attributes);
    for (int i = 0; i < nb_attributes; ++i) {
      const xmlChar** a = attributes + i * 5;  // localname, prefix, URI, value, end
      const size_t len = static_cast<size_t>(a[4] - a[3]);
      if (len > s->limits.max_text) {
        s->fail("xml.text_too_long", "XML 属性值过长（超过 " +
                                         std::to_string(s->limits.max_text / 1000000) + " MB），已拒收");
        return;
      }
      std::string_view value(reinterpret_cast<const char*>(a[3]), len);
      // Without XML_PARSE_NOENT (never set) libxml2 leaves '&' in attribute
      // values as the character reference "&#38;": decode it here.
      if (value.find("&#38;") != std::string_view::npos) {
        std::string& decoded = s->scratch[static_cast<size_t>(i) % s->scratch.size()];
        decoded.clear();
        for (size_t k = 0; k < value.size();) {
          if (value.compare(k, 5, "&#38;") == 0) {
            decoded.push_back('&');
            k += 5;
          } else {
            decoded.push_back(value[k++]);
          }
        }
        value = decoded;
      }
      s->attrs.push_back(XmlAttribute{sv(a[0]), sv(a[2]), value});
    }
    s->handler->start_element(sv(local), sv(uri), s->attrs.data(), s->attrs.size());
  }

  static void on_end(void* ctx, const xmlChar* local, const xmlChar*, const xmlChar* uri) {
    Impl* s = self(ctx);
    if (s->owner->failed_) return;
    s->text_bytes = 0;
    --s->depth;
    s->handler->end_element(sv(local), sv(uri));
  }

  static void on_text(void* ctx, const xmlChar* ch, int len) {
    Impl* s = self(ctx);
    if (s->owner->failed_ || len <= 0) return;
    s->text_bytes += static_cast<size_t>(len);
    if (s->text_bytes > s->limits.max_text) {
      s->fail("xml.text_too_long", "XML 文本内容过长（单个文本超过 " +
                                       std::to_string(s->limits.max_text / 1000000) + " MB），已拒收");
      return;
    }
    s->handler->text(std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)));
  }

  static void on_doctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    self(ctx)->fail("xml.doctype",
                    "文件中含有 DOCTYPE 声明（可能引用外部实体或构成实体炸弹），出于安全原因已拒收；"
                    "请用 Excel/WPS 重新保存为 .xlsx 后再上传");
  }

  static void on_entity_decl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*,
                             xmlChar*) {
    self(ctx)->fail("xml.doctype", "文件中声明了 XML 实体，出于安全原因已拒收");
  }

  static xmlEntityPtr on_get_entity(void*, const xmlChar*) { return nullptr; }

  static xmlParserInputPtr on_resolve_entity(void* ctx, const xmlChar*, const xmlChar*) {
    self(ctx)->fail("xml.external_entity", "文件引用了外部实体，出于安全原因已拒收");
    return nullptr;
  }

  static void on_error(void* ctx, xmlErrorPtr error) {
    Impl* s = self(ctx);
    if (error == nullptr || error->level < XML_ERR_ERROR) return;
    if (s->owner->failed_ || error->code == XML_ERR_USER_STOP) return;
    if (s->limits.recover && error->level != XML_ERR_FATAL) return;
    if (s->limits.recover && error->code != XML_ERR_INVALID_CHAR &&
        error->code != XML_ERR_INVALID_ENCODING && error->code != XML_ERR_INTERNAL_ERROR)
      return;
    std::string detail = error->message ? error->message : "";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    const char* code = "xml.malformed";
    std::string message = "XML 格式错误，无法读取（" + detail + "）";
    if (error->code == XML_ERR_INVALID_CHAR || error->code == XML_ERR_INVALID_ENCODING ||
        error->code == XML_ERR_UNKNOWN_ENCODING || error->code == XML_ERR_UNSUPPORTED_ENCODING) {
      code = "xml.encoding";
      message = "文件含有无效的字符或编码（不是有效的 UTF-8），无法读取";
    } else if (detail.find("depth") != std::string::npos) {
      code = "xml.too_deep";
      message = "XML 嵌套层数过深，文件可能是恶意构造的，已拒收";
    } else if (detail.find("too long") != std::string::npos || detail.find("huge") != std::string::npos) {
      code = "xml.text_too_long";
      message = "XML 文本或名称过长，已拒收";
    } else if (error->code == XML_ERR_UNDECLARED_ENTITY || error->code == XML_ERR_ENTITY_LOOP) {
      code = "xml.entity";
      message = "文件引用了未声明的 XML 实体，无法读取";
    }
    Problem p = make_problem(Severity::Error, code, std::move(message), s->document, {},
                             error->line > 0 ? error->line : s->owner->line());
    s->owner->problems_.push_back(std::move(p));
    s->owner->failed_ = true;
    if (s->ctxt) xmlStopParser(s->ctxt);
  }
};

XmlStream::XmlStream(XmlHandler& handler, const XmlLimits& limits, std::string document)
    : impl_(std::make_unique<Impl>()) {
  init_libxml_once();
  impl_->owner = this;
  impl_->handler = &handler;
  impl_->limits = limits;
  impl_->document = std::move(document);
}

XmlStream::~XmlStream() {
  if (impl_->ctxt) {
    xmlFreeDoc(impl_->ctxt->myDoc);
    impl_->ctxt->myDoc = nullptr;
    xmlFreeParserCtxt(impl_->ctxt);
  }
}

int XmlStream::line() const {
  if (impl_->ctxt && impl_->ctxt->input) return impl_->ctxt->input->line;
  return 0;
}

void XmlStream::stop(Problem problem) {
  if (!problem.code.empty()) {
    if (problem.sheet.empty()) problem.sheet = impl_->document;
    if (problem.line == 0) problem.line = line();
    problems_.push_back(std::move(problem));
    failed_ = true;
  }
  stopped_ = true;
  if (impl_->ctxt) xmlStopParser(impl_->ctxt);
}

bool XmlStream::feed(const char* data, size_t n) {
  if (failed_ || stopped_) return false;
  if (n == 0) return true;
  if (!impl_->ctxt) {
    xmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = &Impl::on_start;
    sax.endElementNs = &Impl::on_end;
    sax.characters = &Impl::on_text;
    sax.cdataBlock = &Impl::on_text;
    sax.internalSubset = &Impl::on_doctype;
    sax.externalSubset = &Impl::on_doctype;
    sax.entityDecl = &Impl::on_entity_decl;
    sax.getEntity = &Impl::on_get_entity;
    sax.getParameterEntity = &Impl::on_get_entity;
    sax.resolveEntity = &Impl::on_resolve_entity;
    sax.serror = &Impl::on_error;
    // The first bytes let libxml2 tell the encoding; parsing starts below.
    const int first = static_cast<int>(std::min<size_t>(n, 4));
    impl_->ctxt = xmlCreatePushParserCtxt(&sax, impl_.get(), data, first, impl_->document.c_str());
    if (!impl_->ctxt) {
      problems_.push_back(make_problem(Severity::Error, "xml.malformed", "无法创建 XML 解析器",
                                       impl_->document));
      failed_ = true;
      return false;
    }
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    if (impl_->limits.recover) options |= XML_PARSE_RECOVER;
    xmlCtxtUseOptions(impl_->ctxt, options);
    data += first;
    n -= static_cast<size_t>(first);
  }
  while (n > 0 && !failed_ && !stopped_) {
    const int step = static_cast<int>(std::min<size_t>(n, 1 << 20));
    xmlParseChunk(impl_->ctxt, data, step, 0);
    data += step;
    n -= static_cast<size_t>(step);
  }
  return !failed_ && !stopped_;
}

bool XmlStream::finish() {
  if (failed_ || stopped_) return false;
  if (!impl_->ctxt) {
    problems_.push_back(make_problem(Severity::Error, "xml.malformed", "XML 部件为空，无法读取",
                                     impl_->document));
    failed_ = true;
    return false;
  }
  xmlParseChunk(impl_->ctxt, nullptr, 0, 1);
  if (!failed_ && !stopped_ && !impl_->ctxt->wellFormed && !impl_->limits.recover) {
    problems_.push_back(make_problem(Severity::Error, "xml.malformed", "XML 格式错误或不完整，无法读取",
                                     impl_->document, {}, line()));
    failed_ = true;
  }
  return !failed_ && !stopped_;
}

bool parse_xml(std::string_view bytes, XmlHandler& handler, const XmlLimits& limits,
               const std::string& document, Problems& problems) {
  XmlStream stream(handler, limits, document);
  const bool ok = stream.feed(bytes.data(), bytes.size()) && stream.finish();
  for (auto& p : stream.problems()) problems.push_back(std::move(p));
  return ok && !stream.failed();
}

}  // namespace ipsurvey::importers
