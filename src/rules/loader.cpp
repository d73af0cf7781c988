#include "rules/loader.hpp"

#include "store/list_store.hpp"
#include "store/rule_store.hpp"

namespace switchboard::rules {

RuleSet loadRuleSet(store::Database& db) {
    store::RuleStore ruleStore(db);
    store::ListStore listStore(db);
    return RuleSet::compile(ruleStore.all(), listStore.all());
}

}  // namespace switchboard::rules
