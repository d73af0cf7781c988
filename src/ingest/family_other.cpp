// Kind `other`: any message no family claims (errata, resultsdb, greenwave, Brew tasks, ...).
// The event is the topic without its bus prefix; facets come from the keys most buses share.
#include "ingest/families.hpp"

namespace switchboard::ingest {

namespace {

// Scalars only: a `status` that is an object is not a state.
std::string firstOf(JsonRef body,
                    std::initializer_list<std::initializer_list<std::string_view>> paths) {
    for (auto keys : paths) {
        std::string out = text(path(body, keys));
        if (!out.empty()) return out;
    }
    return {};
}

}  // namespace

void fillOther(const FamilyInput& in, model::Event& event) {
    event.kind = model::Kind::Other;
    JsonRef body = in.body;
    JsonRef headers = in.headers;
    event.subject = firstOf(body, {{"nvr"},
                                   {"artifact", "nvr"},
                                   {"build", "nvr"},
                                   {"info", "nvr"},
                                   {"compose_id"},
                                   {"compose-id"},
                                   {"checkout_id"},
                                   {"nsvc"},
                                   {"subject_identifier"},
                                   {"artifact", "id"}});
    if (event.subject.empty()) event.subject = firstOf(headers, {{"nvr"}});
    if (!event.subject.empty() && (field(body, "compose_id") || field(body, "compose-id")))
        splitComposeId(event.subject, event.product, event.version);

    event.component = firstOf(body, {{"component"},
                                     {"artifact", "component"},
                                     {"package_name"},
                                     {"package", "name"},
                                     {"build", "package_name"}});
    if (event.component.empty()) event.component = firstOf(headers, {{"component"}});

    event.state = firstOf(body, {{"status"}, {"state_name"}, {"outcome"}, {"result", "outcome"}});
    if (event.state.empty()) event.state = firstOf(headers, {{"status"}, {"state"}});

    for (std::string_view key : {"arch", "arches", "architecture"}) {
        event.arch = textList(field(body, key), true);
        if (!event.arch.empty()) break;
    }

    JsonRef tag = field(body, "tag");
    event.tags = textList(tag.isObject() ? field(tag, "name") : tag);

    // `version` alone is too often a schema version; with `product` beside it, it is the product's.
    const std::string product = text(field(body, "product"));
    const std::string version = text(field(body, "version"));
    if (!product.empty() && !version.empty()) {
        event.product = product;
        event.version = version;
    }
}

}  // namespace switchboard::ingest
