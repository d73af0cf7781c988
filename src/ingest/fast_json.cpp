#include "ingest/fast_json.hpp"

#include <algorithm>
#include <tuple>

#include "ingest/simdjson_dom.hpp"

namespace switchboard::ingest {

using Json = nlohmann::json;

// Recursion is bounded by the parser's depth limit.
Json toNlohmann(simdjson::dom::element element) {
    using Type = simdjson::dom::element_type;
    switch (element.type()) {
        case Type::OBJECT: {
            Json object = Json::object();
            auto& members = object.get_ref<Json::object_t&>();
            // Keys mostly come sorted (Python's json.dumps(sort_keys=True) wrote many of them):
            // with the end as the hint, such a key is placed after one comparison instead of a
            // search. A repeated key finds its earlier value, which the last one replaces, as
            // with nlohmann/json's parser.
            const simdjson::dom::object fields = element.get_object().value_unsafe();
            for (auto [key, value] : fields) {
                const auto member =
                    members.emplace_hint(members.end(), std::piecewise_construct,
                                         std::forward_as_tuple(key), std::forward_as_tuple());
                member->second = toNlohmann(value);
            }
            return object;
        }
        case Type::ARRAY: {
            Json array = Json::array();
            auto& items = array.get_ref<Json::array_t&>();
            const simdjson::dom::array values = element.get_array().value_unsafe();
            for (auto value : values) items.push_back(toNlohmann(value));
            return array;
        }
        case Type::STRING:
            return Json(std::string(element.get_string().value_unsafe()));
        case Type::INT64:
            return Json(element.get_int64().value_unsafe());
        case Type::UINT64:
            return Json(element.get_uint64().value_unsafe());
        case Type::DOUBLE:
            return Json(element.get_double().value_unsafe());
        case Type::BOOL:
            return Json(element.get_bool().value_unsafe());
        case Type::NULL_VALUE:
            break;
    }
    return Json(nullptr);
}

bool parseDom(std::string_view text, int maxDepth, simdjson::dom::element& root) {
    if (text.size() > kFastJsonMaxBytes || maxDepth < 1) return false;
    thread_local simdjson::dom::parser parser(kFastJsonMaxBytes);
    // The depth limit is the parser's (N nested arrays or objects pass, N + 1 do not); a caller
    // with another limit than the last one's gets the parser re-sized, which is rare.
    const auto depth = static_cast<size_t>(std::min(maxDepth, kFastJsonMaxDepth));
    if (parser.max_depth() != depth &&
        parser.allocate(std::max<size_t>(parser.capacity(), text.size()), depth) !=
            simdjson::SUCCESS)
        return false;
    // parse() copies the text into the parser's own padded buffer (simdjson reads past the end).
    return parser.parse(text.data(), text.size()).get(root) == simdjson::SUCCESS;
}

std::optional<Json> parseFast(std::string_view text, int maxDepth) {
    simdjson::dom::element root;
    if (!parseDom(text, maxDepth, root)) return std::nullopt;
    return toNlohmann(root);
}

}  // namespace switchboard::ingest
