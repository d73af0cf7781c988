#include "store/migrations.hpp"

namespace switchboard::store {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> kAll = {
        {1, kSchemaEvents},
        {2, kSchemaListsRules},
        {3, kSchemaJobs},
        {4, kSchemaConnections},
        {5, kSchemaDedupTimeKey},
        {6, kSchemaFieldPointers},
        {7, kSchemaFacetChanges},
        {8, kSchemaTopicIds},
        {9, kSchemaQuarantineKeys},
        {10, kSchemaDeferredIndexes},
    };
    return kAll;
}

}  // namespace switchboard::store
