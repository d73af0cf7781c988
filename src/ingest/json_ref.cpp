#include "ingest/json_ref.hpp"

#include <cstring>
#include <type_traits>

#include "ingest/simdjson_dom.hpp"

namespace switchboard::ingest {

namespace {

using Json = nlohmann::json;
using Element = simdjson::dom::element;
using DomIterator = simdjson::dom::array::iterator;

static_assert(sizeof(Element) <= 16 && std::is_trivially_copyable_v<Element>);
static_assert(sizeof(DomIterator) <= 16 && std::is_trivially_copyable_v<DomIterator>);

template <typename T>
T load(const unsigned char* bytes) {
    T value;
    std::memcpy(static_cast<void*>(&value), bytes, sizeof(T));
    return value;
}

template <typename T>
void store(unsigned char* bytes, const T& value) {
    std::memcpy(bytes, static_cast<const void*>(&value), sizeof(T));
}

JsonRef::Type domType(const Element& element) {
    using Type = JsonRef::Type;
    switch (element.type()) {
        case simdjson::dom::element_type::OBJECT:
            return Type::Object;
        case simdjson::dom::element_type::ARRAY:
            return Type::Array;
        case simdjson::dom::element_type::STRING:
            return Type::String;
        case simdjson::dom::element_type::BOOL:
            return Type::Boolean;
        case simdjson::dom::element_type::INT64:
            return Type::Integer;
        case simdjson::dom::element_type::UINT64:
            return Type::Unsigned;
        case simdjson::dom::element_type::DOUBLE:
            return Type::Float;
        case simdjson::dom::element_type::NULL_VALUE:
            break;
    }
    return Type::Null;
}

// By value: value_unsafe() gives a reference into the temporary result, which a range-for over
// it would outlive.
simdjson::dom::object objectOf(const Element& element) {
    simdjson::dom::object object = element.get_object().value_unsafe();
    return object;
}

simdjson::dom::array arrayOf(const Element& element) {
    simdjson::dom::array array = element.get_array().value_unsafe();
    return array;
}

}  // namespace

JsonRef domRef(const Element& element) {
    JsonRef ref;
    ref.m_backend = JsonRef::Backend::Dom;
    ref.m_type = domType(element);
    store(ref.m_dom, element);
    return ref;
}

std::string_view JsonRef::string() const {
    if (!isString()) return {};
    if (m_backend == Backend::Tree) return m_tree->get_ref<const std::string&>();
    return load<Element>(m_dom).get_string().value_unsafe();
}

bool JsonRef::boolean() const {
    if (!isBoolean()) return false;
    if (m_backend == Backend::Tree) return m_tree->get<bool>();
    return load<Element>(m_dom).get_bool().value_unsafe();
}

int64_t JsonRef::int64() const {
    switch (type()) {
        case Type::Integer:
        case Type::Unsigned:
            if (m_backend == Backend::Tree) return m_tree->get<int64_t>();
            return type() == Type::Integer
                       ? load<Element>(m_dom).get_int64().value_unsafe()
                       : static_cast<int64_t>(load<Element>(m_dom).get_uint64().value_unsafe());
        default:
            return 0;
    }
}

uint64_t JsonRef::uint64() const {
    switch (type()) {
        case Type::Integer:
        case Type::Unsigned:
            if (m_backend == Backend::Tree) return m_tree->get<uint64_t>();
            return type() == Type::Unsigned
                       ? load<Element>(m_dom).get_uint64().value_unsafe()
                       : static_cast<uint64_t>(load<Element>(m_dom).get_int64().value_unsafe());
        default:
            return 0;
    }
}

double JsonRef::number() const {
    if (!isNumber()) return 0;
    if (m_backend == Backend::Tree) return m_tree->get<double>();
    const Element element = load<Element>(m_dom);
    switch (element.type()) {
        case simdjson::dom::element_type::INT64:
            return static_cast<double>(element.get_int64().value_unsafe());
        case simdjson::dom::element_type::UINT64:
            return static_cast<double>(element.get_uint64().value_unsafe());
        default:
            return element.get_double().value_unsafe();
    }
}

JsonRef JsonRef::member(std::string_view key) const {
    if (!isObject()) return {};
    if (m_backend == Backend::Tree) {
        const auto it = m_tree->find(key);
        return it == m_tree->end() ? JsonRef() : JsonRef(*it);
    }
    // Every member is looked at: the last of a repeated key is the one nlohmann/json keeps.
    // Messages' objects have tens of members at most, and a scan of them costs about what
    // nlohmann/json's map search did.
    JsonRef found;
    for (const auto [name, value] : objectOf(load<Element>(m_dom))) {
        if (name == key) found = domRef(value);
    }
    return found;
}

size_t JsonRef::size() const {
    if (!isArray()) return 0;
    if (m_backend == Backend::Tree) return m_tree->size();
    return arrayOf(load<Element>(m_dom)).size();
}

JsonRef JsonRef::at(size_t index) const {
    if (!isArray()) return {};
    if (m_backend == Backend::Tree)
        return index < m_tree->size() ? JsonRef((*m_tree)[index]) : JsonRef();
    Element item;
    if (arrayOf(load<Element>(m_dom)).at(index).get(item) != simdjson::SUCCESS) return {};
    return domRef(item);
}

nlohmann::json JsonRef::toTree() const {
    switch (m_backend) {
        case Backend::Tree:
            return *m_tree;
        case Backend::Dom:
            return toNlohmann(load<Element>(m_dom));
        case Backend::None:
            break;
    }
    return nullptr;
}

JsonRef::ArrayIterator JsonRef::begin() const {
    ArrayIterator it;
    if (!isArray()) return it;
    if (m_backend == Backend::Tree) {
        it.m_tree = m_tree;
        return it;
    }
    it.m_isDom = true;
    store(it.m_dom, arrayOf(load<Element>(m_dom)).begin());
    return it;
}

JsonRef::ArrayIterator JsonRef::end() const {
    ArrayIterator it;
    if (!isArray()) return it;
    if (m_backend == Backend::Tree) {
        it.m_tree = m_tree;
        it.m_index = m_tree->size();
        return it;
    }
    it.m_isDom = true;
    store(it.m_dom, arrayOf(load<Element>(m_dom)).end());
    return it;
}

JsonRef JsonRef::ArrayIterator::operator*() const {
    if (m_isDom) return domRef(*load<DomIterator>(m_dom));
    return JsonRef((*m_tree)[m_index]);
}

JsonRef::ArrayIterator& JsonRef::ArrayIterator::operator++() {
    if (m_isDom) {
        DomIterator it = load<DomIterator>(m_dom);
        ++it;
        store(m_dom, it);
    } else {
        ++m_index;
    }
    return *this;
}

bool JsonRef::ArrayIterator::operator!=(const ArrayIterator& other) const {
    if (m_isDom) return load<DomIterator>(m_dom) != load<DomIterator>(other.m_dom);
    return m_tree != other.m_tree || m_index != other.m_index;
}

}  // namespace switchboard::ingest
