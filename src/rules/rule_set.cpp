#include "rules/rule_set.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "rules/condition.hpp"
#include "rules/param_template.hpp"
#include "rules/rule_index.hpp"

namespace switchboard::rules {

using detail::Condition;
using detail::EvalContext;
using detail::GroupTable;
using detail::RenderEnv;
using detail::RuleIndex;
using detail::Template;
using detail::ValueTemplate;

namespace {

struct CompiledJob {
    Template name;
    std::string backend;
    ValueTemplate params;
};

struct CompiledRule {
    std::string name;
    bool enabled = true;
    model::RuleMode mode = model::RuleMode::Suggest;
    bool stop = false;
    bool hasWhen = false;
    Condition when;
    GroupTable groups;
    std::vector<std::string> slotNames;  // by slot
    bool isList = false;
    std::string list;
    std::vector<CompiledJob> jobs;
    std::string backend;
    ValueTemplate params;
    bool perArch = false;
    std::vector<std::string> arches;  // per_arch fans out over these only; empty = every arch
    std::vector<int> usedSlots;  // sorted, unique
};

const char* const kActionKeys = "list, jobs, backend, params, per_arch, arches";

CompiledRule compileRule(const model::Rule& rule) {
    CompiledRule c;
    c.name = rule.name;
    c.enabled = rule.enabled;
    c.mode = rule.mode;
    c.stop = rule.stop;
    if (rule.name.empty()) throw RuleError(rule.name, "a rule needs a name");
    try {
        if (!rule.when.is_null()) {
            c.hasWhen = true;
            c.when = Condition::compile(rule.when, c.groups);
        }
        c.slotNames.resize(c.groups.slots.size());
        for (const auto& [name, slot] : c.groups.slots) c.slotNames[static_cast<size_t>(slot)] = name;

        const auto& action = rule.action;
        if (!action.is_object()) throw std::invalid_argument("\"action\" must be an object");
        for (auto it = action.begin(); it != action.end(); ++it) {
            const std::string& key = it.key();
            if (key != "list" && key != "jobs" && key != "backend" && key != "params" && key != "per_arch" &&
                key != "arches")
                throw std::invalid_argument("unknown key \"" + key + "\" in action (keys: " + kActionKeys + ")");
        }
        const bool hasList = action.contains("list"), hasJobs = action.contains("jobs");
        if (hasList == hasJobs)
            throw std::invalid_argument("the action needs exactly one of \"list\" or \"jobs\"");
        if (action.contains("backend")) {
            if (!action["backend"].is_string()) throw std::invalid_argument("action backend must be a string");
            c.backend = action["backend"].get<std::string>();
        }
        if (action.contains("per_arch")) {
            if (!action["per_arch"].is_boolean()) throw std::invalid_argument("per_arch must be true or false");
            c.perArch = action["per_arch"].get<bool>();
        }
        if (action.contains("arches")) {
            const auto& arches = action["arches"];
            if (!arches.is_array() || !c.perArch)
                throw std::invalid_argument("\"arches\" is an array of arches and needs \"per_arch\": true");
            for (const auto& a : arches) {
                if (!a.is_string()) throw std::invalid_argument("\"arches\" holds arch names");
                c.arches.push_back(a.get<std::string>());
            }
        }
        const nlohmann::json params = action.contains("params") ? action["params"] : nlohmann::json::object();
        if (!params.is_object()) throw std::invalid_argument("action params must be an object");
        c.params = ValueTemplate::parse(params, c.groups, c.usedSlots);
        if (hasList) {
            if (!action["list"].is_string() || action["list"].get<std::string>().empty())
                throw std::invalid_argument("action list must be a list's name");
            c.isList = true;
            c.list = action["list"].get<std::string>();
        } else {
            const auto& jobs = action["jobs"];
            if (!jobs.is_array() || jobs.empty())
                throw std::invalid_argument("action jobs must be a non-empty array");
            for (const auto& job : jobs) {
                CompiledJob cj;
                nlohmann::json jobParams = nlohmann::json::object();
                if (job.is_string()) {
                    cj.name = Template::parse(job.get<std::string>(), c.groups, c.usedSlots);
                } else if (job.is_object()) {
                    for (auto it = job.begin(); it != job.end(); ++it)
                        if (it.key() != "job" && it.key() != "backend" && it.key() != "params")
                            throw std::invalid_argument("unknown key \"" + it.key() +
                                                        "\" in a job (keys: job, backend, params)");
                    if (!job.contains("job") || !job["job"].is_string() || job["job"].get<std::string>().empty())
                        throw std::invalid_argument("a job needs \"job\" (its name): " + job.dump());
                    cj.name = Template::parse(job["job"].get<std::string>(), c.groups, c.usedSlots);
                    if (job.contains("backend")) {
                        if (!job["backend"].is_string()) throw std::invalid_argument("job backend must be a string");
                        cj.backend = job["backend"].get<std::string>();
                    }
                    if (job.contains("params")) {
                        if (!job["params"].is_object()) throw std::invalid_argument("job params must be an object");
                        jobParams = job["params"];
                    }
                } else {
                    throw std::invalid_argument("a job is a name or an object: " + job.dump());
                }
                if (cj.backend.empty() && c.backend.empty())
                    throw std::invalid_argument("job " + job.dump() +
                                                " has no backend (set \"backend\" on the job or the action)");
                cj.params = ValueTemplate::parse(jobParams, c.groups, c.usedSlots);
                c.jobs.push_back(std::move(cj));
            }
        }
    } catch (const std::invalid_argument& e) {
        throw RuleError(rule.name, e.what());
    }
    std::sort(c.usedSlots.begin(), c.usedSlots.end());
    c.usedSlots.erase(std::unique(c.usedSlots.begin(), c.usedSlots.end()), c.usedSlots.end());
    return c;
}

void mergeParams(nlohmann::json& base, const nlohmann::json& over) {
    if (!over.is_object()) return;
    for (auto it = over.begin(); it != over.end(); ++it) base[it.key()] = it.value();
}

}  // namespace

RuleError::RuleError(std::string ruleName, const std::string& message)
    : std::runtime_error("rule \"" + ruleName + "\": " + message), rule(std::move(ruleName)) {}

struct RuleSet::Impl {
    std::vector<CompiledRule> rules;
    std::map<std::string, model::TriggerList> lists;
    RuleIndex index;

    // Evaluates one rule; appends its runs and returns true when it matched. `reason` (may be
    // null) receives why it did not.
    // `ctx` is shared by every rule tried on one event (the modulemd is parsed once per event).
    bool run(const CompiledRule& rule, EvalContext& ctx, int64_t nowMs, std::string* reason,
             std::vector<PlannedRun>& out) const {
        const model::Event& event = ctx.event;
        ctx.captures.clear();
        ctx.reason = reason;
        if (rule.hasWhen && !rule.when.evaluate(ctx)) return false;

        auto fail = [&](const std::string& why) {
            if (reason != nullptr && reason->empty()) *reason = why;
            return false;
        };
        // Values per capture slot, unique, in match order.
        std::vector<std::vector<std::string>> values(rule.slotNames.size());
        for (const auto& [slot, value] : ctx.captures) {
            auto& v = values[static_cast<size_t>(slot)];
            if (std::find(v.begin(), v.end(), value) == v.end()) v.push_back(value);
        }
        for (int slot : rule.usedSlots)
            if (values[static_cast<size_t>(slot)].empty())
                return fail("template ${match:" + rule.slotNames[static_cast<size_t>(slot)] +
                            "}: the regex group captured nothing");
        if (rule.perArch && event.arch.empty()) return fail("per_arch: the event has no arch");
        std::vector<const std::string*> arches;
        if (rule.perArch) {
            for (const auto& a : event.arch)
                if (rule.arches.empty() || std::find(rule.arches.begin(), rule.arches.end(), a) != rule.arches.end())
                    arches.push_back(&a);
            if (arches.empty())
                return fail("per_arch: none of the event's arches " + nlohmann::json(event.arch).dump() +
                            " is in arches " + nlohmann::json(rule.arches).dump());
        }

        struct Target {
            const CompiledJob* job = nullptr;
            const model::TriggerEntry* entry = nullptr;
            std::string listBackend;
        };
        std::vector<Target> targets;
        if (rule.isList) {
            auto it = lists.find(rule.list);
            if (it == lists.end()) return fail("trigger list \"" + rule.list + "\" does not exist");
            for (const auto& entry : it->second.entries)
                if (model::isActiveNow(entry, nowMs)) targets.push_back({nullptr, &entry, it->second.backend});
        } else {
            for (const auto& job : rule.jobs) targets.push_back({&job, nullptr, {}});
        }

        std::vector<PlannedRun> runs;
        std::vector<size_t> odometer(rule.usedSlots.size(), 0);
        std::vector<const std::string*> slotValues(rule.slotNames.size(), nullptr);
        const size_t archCount = rule.perArch ? arches.size() : 1;
        while (true) {
            for (size_t k = 0; k < rule.usedSlots.size(); ++k) {
                const auto slot = static_cast<size_t>(rule.usedSlots[k]);
                slotValues[slot] = &values[slot][odometer[k]];
            }
            for (size_t a = 0; a < archCount; ++a) {
                RenderEnv env;
                env.ctx = &ctx;
                env.arch = rule.perArch ? arches[a] : nullptr;
                env.slots = &slotValues;
                nlohmann::json base;
                if (!rule.params.render(env, base, reason)) return false;
                for (const auto& target : targets) {
                    PlannedRun planned;
                    planned.rule = rule.name;
                    planned.mode = rule.mode;
                    planned.params = base;
                    if (target.job != nullptr) {
                        if (!target.job->name.render(env, planned.job, reason)) return false;
                        nlohmann::json own;
                        if (!target.job->params.render(env, own, reason)) return false;
                        mergeParams(planned.params, own);
                        planned.backend = !target.job->backend.empty() ? target.job->backend : rule.backend;
                    } else {
                        planned.job = target.entry->job_name;
                        mergeParams(planned.params, target.entry->params);
                        planned.backend = !target.entry->backend.empty() ? target.entry->backend
                                          : !target.listBackend.empty() ? target.listBackend
                                                                        : rule.backend;
                        if (planned.backend.empty())
                            return fail("list \"" + rule.list + "\" entry " + planned.job +
                                        " has no backend (set one on the entry, the list or the action)");
                    }
                    const bool duplicate = std::any_of(runs.begin(), runs.end(), [&](const PlannedRun& r) {
                        return r.job == planned.job && r.backend == planned.backend && r.params == planned.params;
                    });
                    if (!duplicate) runs.push_back(std::move(planned));
                }
            }
            size_t k = 0;
            for (; k < odometer.size(); ++k) {
                const auto slot = static_cast<size_t>(rule.usedSlots[k]);
                if (++odometer[k] < values[slot].size()) break;
                odometer[k] = 0;
            }
            if (k == odometer.size()) break;
        }
        for (auto& r : runs) out.push_back(std::move(r));
        return true;
    }
};

RuleSet::RuleSet() : m_impl(std::make_unique<Impl>()) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

RuleSet RuleSet::compile(const std::vector<model::Rule>& rules, std::vector<model::TriggerList> lists) {
    RuleSet set;
    std::set<std::string> names;
    for (const auto& rule : rules) {
        if (!names.insert(rule.name).second) throw RuleError(rule.name, "duplicate rule name");
        set.m_impl->rules.push_back(compileRule(rule));
    }
    for (auto& list : lists) {
        const std::string name = list.name;
        set.m_impl->lists[name] = std::move(list);
    }
    std::vector<RuleIndex::Entry> entries;
    for (const auto& rule : set.m_impl->rules) entries.push_back({rule.enabled, rule.hasWhen ? &rule.when : nullptr});
    set.m_impl->index.build(entries);
    return set;
}

size_t RuleSet::size() const { return m_impl->rules.size(); }

size_t RuleSet::enabledCount() const {
    return static_cast<size_t>(std::count_if(m_impl->rules.begin(), m_impl->rules.end(),
                                             [](const CompiledRule& r) { return r.enabled; }));
}

Explanation RuleSet::explain(const model::Event& event, int64_t nowMs) const {
    // Every rule is evaluated in full (the index is only a shortcut for the fast path), so that a
    // non-match always names its first failing condition.
    Explanation out;
    EvalContext ctx(event);
    std::string stoppedBy;
    for (const auto& rule : m_impl->rules) {
        RuleOutcome outcome;
        outcome.rule = rule.name;
        outcome.mode = rule.mode;
        if (!rule.enabled) {
            outcome.reason = "disabled";
        } else if (!stoppedBy.empty()) {
            outcome.reason = "not evaluated: rule \"" + stoppedBy + "\" matched and stops evaluation";
        } else {
            outcome.matched = m_impl->run(rule, ctx, nowMs, &outcome.reason, out.runs);
            if (outcome.matched) {
                outcome.reason.clear();
                if (rule.stop) {
                    outcome.stopped = true;
                    stoppedBy = rule.name;
                }
            }
        }
        out.rules.push_back(std::move(outcome));
    }
    return out;
}

std::vector<PlannedRun> RuleSet::evaluate(const model::Event& event, int64_t nowMs) const {
    std::vector<PlannedRun> runs;
    EvalContext ctx(event);
    // The candidates, in rule order: a rule the index leaves out has a required equals / in that
    // this event fails, so it cannot match and skipping it changes neither the runs nor `stop`.
    thread_local std::vector<uint64_t> candidates;
    m_impl->index.candidates(ctx, candidates);
    for (size_t word = 0; word < candidates.size(); ++word) {
        for (uint64_t bits = candidates[word]; bits != 0; bits &= bits - 1) {
            const size_t i = word * 64 + static_cast<size_t>(__builtin_ctzll(bits));
            const auto& rule = m_impl->rules[i];
            if (m_impl->run(rule, ctx, nowMs, nullptr, runs) && rule.stop) return runs;
        }
    }
    return runs;
}

std::vector<PlannedRun> RuleSet::evaluateAll(const model::Event& event, int64_t nowMs) const {
    std::vector<PlannedRun> runs;
    EvalContext ctx(event);
    for (const auto& rule : m_impl->rules) {
        if (!rule.enabled) continue;
        if (m_impl->run(rule, ctx, nowMs, nullptr, runs) && rule.stop) break;
    }
    return runs;
}

size_t RuleSet::indexedCount() const { return m_impl->index.indexedCount(); }

void validateRule(const model::Rule& rule) { (void)compileRule(rule); }

nlohmann::json Explanation::toJson() const {
    nlohmann::json out;
    out["rules"] = nlohmann::json::array();
    for (const auto& r : rules)
        out["rules"].push_back({{"name", r.rule},
                                {"matched", r.matched},
                                {"stopped", r.stopped},
                                {"reason", r.reason}});
    out["runs"] = nlohmann::json::array();
    for (const auto& r : runs)
        out["runs"].push_back({{"job", r.job},
                               {"backend", r.backend},
                               {"params", r.params},
                               {"rule", r.rule},
                               {"mode", std::string(model::ruleModeName(r.mode))}});
    return out;
}

std::string Explanation::toText() const {
    std::ostringstream out;
    size_t width = 4;
    for (const auto& r : rules) width = std::max(width, r.rule.size());
    out << "RULE" << std::string(width - 4 + 2, ' ') << "RESULT   REASON\n";
    for (const auto& r : rules) {
        out << r.rule << std::string(width - r.rule.size() + 2, ' ');
        const std::string result = r.matched ? (r.stopped ? "matched, stop" : "matched") : "no";
        out << result;
        if (!r.reason.empty()) out << std::string(result.size() < 9 ? 9 - result.size() : 1, ' ') << r.reason;
        out << "\n";
    }
    if (runs.empty()) {
        out << "\nno runs would be created\n";
        return out.str();
    }
    size_t jobWidth = 3, backendWidth = 7;
    for (const auto& r : runs) {
        jobWidth = std::max(jobWidth, r.job.size());
        backendWidth = std::max(backendWidth, r.backend.size());
    }
    out << "\nJOB" << std::string(jobWidth - 3 + 2, ' ') << "BACKEND"
        << std::string(backendWidth - 7 + 2, ' ') << "MODE     PARAMS\n";
    for (const auto& r : runs) {
        const std::string mode(model::ruleModeName(r.mode));
        out << r.job << std::string(jobWidth - r.job.size() + 2, ' ') << r.backend
            << std::string(backendWidth - r.backend.size() + 2, ' ') << mode
            << std::string(9 - mode.size(), ' ') << r.params.dump() << "\n";
    }
    return out.str();
}

}  // namespace switchboard::rules
