// A read-only reference to a JSON value in either parser's hands: a node of nlohmann/json's tree
// or an element of simdjson's document. The normalizers read through it, so that a line from a
// file is normalized straight from simdjson's parse, without building (and freeing) nlohmann/json's
// tree for it: that tree was about 15 % of `switchboard ingest`'s CPU on one core.
// A JsonRef is a view: valid while the tree or document it points into is (a document lives until
// its parser's next parse). Any thread; cheap to copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

namespace simdjson::dom {
class element;
}

namespace switchboard::ingest {

class JsonRef {
public:
    // Integer is a signed 64-bit number, Unsigned one past INT64_MAX (simdjson's split;
    // nlohmann/json also calls non-negative numbers unsigned, which no reader here tells apart).
    enum class Type : uint8_t {
        Missing,
        Null,
        Boolean,
        Integer,
        Unsigned,
        Float,
        String,
        Array,
        Object
    };

    JsonRef() = default;  // missing: no such value
    // Implicit: every reader takes a tree's value where it takes a reference.
    JsonRef(const nlohmann::json& value)  // NOLINT
        : m_backend(Backend::Tree), m_type(treeType(value)), m_tree(&value) {}
    // A temporary tree would be gone before the reference is read.
    JsonRef(const nlohmann::json&& value) = delete;

    explicit operator bool() const { return m_backend != Backend::None; }  // present, maybe null
    // Read once, when the reference is made: the normalizers ask a value's type many times.
    Type type() const { return m_type; }
    bool isObject() const { return type() == Type::Object; }
    bool isArray() const { return type() == Type::Array; }
    bool isString() const { return type() == Type::String; }
    bool isBoolean() const { return type() == Type::Boolean; }
    bool isNumber() const {
        return m_type == Type::Integer || m_type == Type::Unsigned || m_type == Type::Float;
    }
    bool isInteger() const { return type() == Type::Integer || type() == Type::Unsigned; }
    bool isScalar() const { return isString() || isNumber() || isBoolean(); }

    // Each reads its own type and gives the empty value for any other.
    std::string_view string() const;
    bool boolean() const;
    // An integer as nlohmann/json's get<int64_t>() gives it (an unsigned past INT64_MAX wraps).
    int64_t int64() const;
    uint64_t uint64() const;
    double number() const;  // any number

    // The member named `key` (the last one when the key repeats, as nlohmann/json keeps it);
    // missing when this is not an object or has no such member. A null member is present.
    JsonRef member(std::string_view key) const;
    // An array's element count; 0 for anything else.
    size_t size() const;
    // An array's element `index` (a walk from the start in simdjson's document); missing past
    // the end or when this is not an array.
    JsonRef at(size_t index) const;

    // nlohmann/json's tree of this value (a copy of a tree's node); null when missing.
    nlohmann::json toTree() const;

    // The elements of an array, in order; none for anything else.
    class ArrayIterator {
    public:
        JsonRef operator*() const;
        ArrayIterator& operator++();
        bool operator!=(const ArrayIterator& other) const;
        bool operator==(const ArrayIterator& other) const { return !(*this != other); }

    private:
        friend class JsonRef;
        const nlohmann::json* m_tree = nullptr;  // the array, for a tree's element
        size_t m_index = 0;
        alignas(8) unsigned char m_dom[16] = {};  // simdjson's array iterator
        bool m_isDom = false;
    };
    ArrayIterator begin() const;
    ArrayIterator end() const;

private:
    enum class Backend : uint8_t { None, Tree, Dom };
    friend JsonRef domRef(const simdjson::dom::element& element);

    static Type treeType(const nlohmann::json& value) {
        switch (value.type()) {
            case nlohmann::json::value_t::object:
                return Type::Object;
            case nlohmann::json::value_t::array:
                return Type::Array;
            case nlohmann::json::value_t::string:
                return Type::String;
            case nlohmann::json::value_t::boolean:
                return Type::Boolean;
            case nlohmann::json::value_t::number_integer:
                return Type::Integer;
            case nlohmann::json::value_t::number_unsigned:
                return Type::Unsigned;
            case nlohmann::json::value_t::number_float:
                return Type::Float;
            default:
                return Type::Null;
        }
    }

    Backend m_backend = Backend::None;
    Type m_type = Type::Missing;
    const nlohmann::json* m_tree = nullptr;
    // simdjson::dom::element's bytes (a document pointer and a tape index), so that this header
    // does not pull simdjson.h's 31,000 lines into every normalizer.
    alignas(8) unsigned char m_dom[16] = {};
};

}  // namespace switchboard::ingest
