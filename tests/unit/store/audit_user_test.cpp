// store::currentUser names who made a change for the audit trail, also where the environment
// does not (a systemd service, a container), from the effective user id.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "store/audit_log.hpp"

namespace {

// Sets or clears an environment variable for one scope, then puts it back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old) ::setenv(m_name, m_old->c_str(), 1);
        else ::unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

}  // namespace

TEST_CASE("the audit names $USER, else $LOGNAME, else the effective user's login name") {
    {
        ScopedEnv user("USER", "alice");
        ScopedEnv logname("LOGNAME", "bob");
        CHECK(switchboard::store::currentUser() == "alice");
    }
    {
        ScopedEnv user("USER", "");
        ScopedEnv logname("LOGNAME", "bob");
        CHECK(switchboard::store::currentUser() == "bob");
    }
    ScopedEnv user("USER", nullptr);
    ScopedEnv logname("LOGNAME", nullptr);
    const std::string who = switchboard::store::currentUser();
    CHECK(who != "unknown");
    const passwd* entry = ::getpwuid(::geteuid());
    if (entry) CHECK(who == entry->pw_name);
    else CHECK(who == "uid " + std::to_string(::geteuid()));
}
