#include "message_gen.hpp"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace switchboard::bench {

namespace {

constexpr uint64_t kDay0 = 1795392000;  // 2026-11-23T00:00:00Z
constexpr const char* kArches[] = {"x86_64", "aarch64", "ppc64le", "s390x"};
constexpr const char* kComponents[] = {"python-requests",
                                       "systemd",
                                       "glibc",
                                       "gcc",
                                       "firefox",
                                       "kernel",
                                       "anaconda",
                                       "rust-serde",
                                       "golang-x-net",
                                       "podman",
                                       "cockpit",
                                       "openssl",
                                       "curl",
                                       "libvirt",
                                       "qemu",
                                       "NetworkManager",
                                       "selinux-policy",
                                       "dnf5",
                                       "rpm",
                                       "vim",
                                       "bash",
                                       "coreutils",
                                       "mesa",
                                       "sssd"};
constexpr const char* kDists[] = {"fc46", "fc45", "fc44", "el10_2", "el9", "el8_10"};
constexpr const char* kModules[] = {"nodejs:22",  "postgresql:16", "ruby:3.3", "php:8.3",
                                    "nginx:1.26", "mariadb:10.11", "redis:7",  "maven:3.9"};
constexpr const char* kComposeStates[] = {"STARTED", "FINISHED", "FINISHED_INCOMPLETE", "DOOMED"};
constexpr const char* kPhases[] = {"init",         "pkgset",    "gather",      "createrepo",
                                   "buildinstall", "createiso", "image_build", "test"};
constexpr const char* kResults[] = {"passed", "failed", "passed", "needs_inspection"};
constexpr const char* kCkiStates[] = {"new", "build_setups_finished", "ready_to_report", "updated"};
constexpr const char* kModuleStates[] = {"init", "wait", "build", "done", "failed", "ready"};
constexpr const char* kUmb = "/topic/VirtualTopic.eng.";
constexpr const char* kUmbId =
    "ID:umb-prod-2.umb-001.prod.us-east-1.aws.redhat.com-38177-1795150212345-3";
constexpr const char* kFmHeaders =
    "\"headers\":{\"fedora_messaging_schema\":\"base.message\",\"fedora_messaging_severity\":20,"
    "\"sent-at\":\"%s\"}";

template <size_t N>
const char* pick(const char* const (&table)[N], uint64_t value) {
    return table[value % N];
}

// splitmix64: cheap, well mixed, and the same on every platform.
uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// What every template draws from for one message.
struct Fields {
    uint64_t index;
    uint64_t r;       // random bits for choices
    char uuid[40];    // unique: the index is its last group
    char umbId[120];  // unique ActiveMQ-style id
    char ts[32];      // datagrepper timestamp, seconds with millis
    char sentAt[32];  // fedora-messaging sent-at
    char nvr[96];
    const char* component;
    const char* arch;
    unsigned respin;
    char rhelCompose[48];
    char fedoraCompose[48];
};

void fill(Fields& f, uint64_t index, uint64_t count, uint64_t seed) {
    f.index = index;
    f.r = mix(seed * 0x100000001b3ULL + index);
    const uint64_t ms = count ? index * 86400000ULL / count : 0;
    const uint64_t secs = ms / 1000;
    std::snprintf(f.uuid, sizeof f.uuid,
                  "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-a%03" PRIx64 "-%012" PRIx64,
                  (f.r >> 32) & 0xffffffff, (f.r >> 16) & 0xffff, (f.r >> 4) & 0xfff, f.r & 0xfff,
                  index);
    std::snprintf(f.umbId, sizeof f.umbId, "%s:%" PRIu64 ":-1:1:1", kUmbId, index);
    std::snprintf(f.ts, sizeof f.ts, "%" PRIu64 ".%03u", kDay0 + secs, unsigned(ms % 1000));
    std::snprintf(f.sentAt, sizeof f.sentAt, "2026-11-23T%02u:%02u:%02u+00:00",
                  unsigned(secs / 3600 % 24), unsigned(secs / 60 % 60), unsigned(secs % 60));
    f.component = pick(kComponents, f.r >> 8);
    f.arch = pick(kArches, f.r >> 20);
    f.respin = unsigned(f.r >> 40) % 20;
    std::snprintf(f.nvr, sizeof f.nvr, "%s-%u.%u.%u-%u.%s", f.component, unsigned(f.r >> 24) % 30,
                  unsigned(f.r >> 29) % 20, unsigned(f.r >> 34) % 12, unsigned(f.r >> 44) % 5 + 1,
                  pick(kDists, f.r >> 48));
    std::snprintf(f.rhelCompose, sizeof f.rhelCompose, "RHEL-%s-20261123.%s%u",
                  (f.r >> 52) % 2 ? "9.8.0" : "10.2", (f.r >> 53) % 2 ? "n." : "", f.respin);
    std::snprintf(f.fedoraCompose, sizeof f.fedoraCompose, "Fedora-%s-20261123.n.%u",
                  (f.r >> 54) % 2 ? "Rawhide" : "45", f.respin);
}

// Appends printf-formatted text to a fixed buffer; the templates are well under its size.
struct Out {
    char* buf;
    size_t cap;
    size_t len = 0;
    void add(const char* format, ...) __attribute__((format(printf, 2, 3))) {
        va_list args;
        va_start(args, format);
        const int n = std::vsnprintf(buf + len, cap - len, format, args);
        va_end(args);
        if (n > 0) len = std::min(cap - 1, len + size_t(n));
    }
    // A fedora-messaging record: body first (written by the caller), then headers, id, topic.
    void fmTail(const Fields& f, const char* topic) {
        add(",");
        add(kFmHeaders, f.sentAt);
        add(",\"id\":\"%s\",\"topic\":\"%s\"}", f.uuid, topic);
    }
    // A datagrepper raw record of a UMB message, up to the opening of "msg".
    void umbHead(const Fields& f, const char* suffix) {
        add("{\"i\":0,\"timestamp\":%s,\"msg_id\":\"%s\",\"topic\":\"%s%s\",\"headers\":{"
            "\"destination\":\"%s%s\",\"priority\":\"4\"},\"msg\":",
            f.ts, f.umbId, kUmb, suffix, kUmb, suffix);
    }
    // A datagrepper raw record of a Fedora message, up to the opening of "msg".
    void fedoraHead(const Fields& f, const char* topic) {
        add("{\"i\":1,\"timestamp\":%s,\"msg_id\":\"2026-%s\",\"topic\":\"%s\",\"headers\":{},"
            "\"source_name\":\"datanommer\",\"msg\":",
            f.ts, f.uuid, topic);
    }
};

void family(Out& o, const Fields& f, int which) {
    const uint64_t r = f.r;
    switch (which) {
        case 0:  // pungi status change, Fedora
            o.add(
                "{\"body\":{\"compose_id\":\"%s\",\"location\":\"https://kojipkgs.fedoraproject.org"
                "/compose/rawhide/%s/compose\",\"status\":\"%s\"}",
                f.fedoraCompose, f.fedoraCompose, pick(kComposeStates, r >> 3));
            o.fmTail(f, "org.fedoraproject.prod.pungi.compose.status.change");
            break;
        case 1:  // pungi phase start, UMB
            o.umbHead(f, "pungi.phase-start");
            o.add(
                "{\"phase_name\":\"%s\",\"compose_id\":\"%s\",\"location\":\"http://download."
                "devel.redhat.com/rhel-9/nightly/RHEL-9/%s/compose\"}}",
                pick(kPhases, r >> 5), f.rhelCompose, f.rhelCompose);
            break;
        case 2:  // pungi createiso image done, UMB
            o.umbHead(f, "pungi.createiso-imagedone");
            o.add(
                "{\"variant\":\"BaseOS\",\"arch\":\"%s\",\"file\":\"BaseOS/%s/iso/%s-BaseOS-%s-dvd1"
                ".iso\",\"compose_id\":\"%s\"}}",
                f.arch, f.arch, f.rhelCompose, f.arch, f.rhelCompose);
            break;
        case 3:  // distill
            o.umbHead(f, "distill.compose-finished");
            o.add(
                "{\"compose-path\":\"/mnt/redhat/nightly/Supp-9.8.0-RHEL-9-20261123.n.%u\","
                "\"compose-type\":\"nightly\",\"compose-id\":\"Supp-9.8.0-RHEL-9-20261123.n.%u\","
                "\"compose-state\":\"%s\",\"release-id\":\"Supp-9.8.0-RHEL-9\"}}",
                f.respin, f.respin, pick(kComposeStates, r >> 3));
            break;
        case 4:  // CTS
            o.umbHead(f, "cts.compose-tagged");
            o.add(
                "{\"event\":\"compose-tagged\",\"tag\":\"nightly\",\"compose\":{\"tags\":["
                "\"nightly\"],\"compose_info\":{\"header\":{\"version\":\"1.2\"},\"payload\":{"
                "\"compose\":{\"id\":\"%s\",\"date\":\"20261123\",\"respin\":%u},\"release\":{"
                "\"short\":\"RHEL\",\"version\":\"9.8.0\"}}}}}}",
                f.rhelCompose, f.respin);
            break;
        case 5:  // ODCS
            o.umbHead(f, "odcs.state.change");
            o.add(
                "{\"compose\":{\"state_name\":\"%s\",\"source_type\":1,\"source\":\"rhel-9.8.0-"
                "candidate\",\"state\":%d,\"id\":%" PRIu64
                ",\"owner\":\"osbs\"},\"event\":"
                "\"state-changed\"}}",
                (r >> 3) % 2 ? "done" : "generating", (r >> 3) % 2 ? 2 : 1,
                600000 + f.index % 100000);
            break;
        case 6: {  // MBS
            const char* module = pick(kModules, r >> 6);
            const char* colon = std::strchr(module, ':');
            const uint64_t state = (r >> 11) % 6;
            o.add(
                "{\"body\":{\"name\":\"%.*s\",\"stream\":\"%s\",\"version\":\"9080020261123%06u\","
                "\"context\":\"%08x\",\"id\":%" PRIu64
                ",\"state\":%d,\"state_name\":\"%s\","
                "\"owner\":\"mbs\"}",
                int(colon - module), module, colon + 1, unsigned(r >> 14) % 240000,
                unsigned(r >> 30), 24000 + f.index % 50000, int(state), kModuleStates[state]);
            o.fmTail(f, "org.fedoraproject.prod.mbs.module.state.change");
            break;
        }
        case 7: {  // MTS
            const char* module = pick(kModules, r >> 6);
            const char* colon = std::strchr(module, ':');
            o.add("{\"body\":{\"build\":{\"id\":%" PRIu64
                  ",\"name\":\"%.*s\",\"stream\":\"%s\","
                  "\"version\":\"9080020261123%06u\",\"context\":\"%08x\"},\"destination_tags\":[{"
                  "\"tag\":\"rhel-9.8.0-modules-candidate\",\"task_id\":%u}]}",
                  24000 + f.index % 50000, int(colon - module), module, colon + 1,
                  unsigned(r >> 14) % 240000, unsigned(r >> 30), unsigned(r >> 36));
            o.fmTail(f, "org.fedoraproject.prod.mts.build.tag.requested");
            break;
        }
        case 8:  // Koji build state
            o.add(
                "{\"body\":{\"build_id\":%" PRIu64
                ",\"old\":0,\"name\":\"%s\",\"task_id\":%u,"
                "\"attribute\":\"state\",\"instance\":\"primary\",\"version\":\"%u.%u\",\"owner\":"
                "\"kevin\",\"new\":%d,\"release\":\"1.fc45\"}",
                2800000 + f.index, f.component, unsigned(r >> 32), unsigned(r >> 24) % 30,
                unsigned(r >> 29) % 20, int((r >> 3) % 5));
            o.fmTail(f, "org.fedoraproject.prod.buildsys.build.state.change");
            break;
        case 9:  // Koji tag, as a datagrepper record
            o.fedoraHead(f, "org.fedoraproject.prod.buildsys.tag");
            o.add("{\"build_id\":%" PRIu64
                  ",\"name\":\"%s\",\"tag_id\":6446,\"instance\":\"primary\""
                  ",\"tag\":\"f45-updates-candidate\",\"user\":\"bodhi\",\"version\":\"%u.%u\","
                  "\"owner\":\"kevin\",\"release\":\"1.fc45\"}}",
                  2800000 + f.index, f.component, unsigned(r >> 24) % 30, unsigned(r >> 29) % 20);
            break;
        case 10:  // Brew build state
            o.umbHead(f, (r >> 3) % 2 ? "brew.build.complete" : "brew.build.building");
            o.add("{\"info\":{\"name\":\"%s\",\"nvr\":\"%s\",\"id\":%" PRIu64
                  ",\"state\":%d,"
                  "\"task_id\":%u,\"owner_name\":\"jorton\",\"version\":\"1\",\"release\":\"1\"},"
                  "\"attribute\":\"state\",\"old\":0,\"new\":%d}}",
                  f.component, f.nvr, 3400000 + f.index, int((r >> 3) % 2), unsigned(r >> 32),
                  int((r >> 3) % 2));
            break;
        case 11:  // Brew tag
            o.umbHead(f, "brew.build.tag");
            o.add(
                "{\"tag\":{\"name\":\"rhel-9.8.0-candidate\",\"id\":9895},\"force\":false,"
                "\"build\":{\"name\":\"%s\",\"nvr\":\"%s\",\"id\":%" PRIu64
                "},\"user\":{\"name\":"
                "\"jorton\"}}}",
                f.component, f.nvr, 3400000 + f.index);
            break;
        case 12:  // CI koji-build complete (spec 1.x)
            o.add(
                "{\"body\":{\"artifact\":{\"type\":\"koji-build\",\"id\":%u,\"component\":\"%s\","
                "\"nvr\":\"%s\",\"issuer\":\"jkonecny\"},\"test\":{\"namespace\":\"fedora-ci.koji-"
                "build\",\"type\":\"rpminspect\",\"result\":\"%s\"},\"system\":[{\"architecture\":"
                "\"%s\",\"os\":\"fedora-45\"}],\"version\":\"1.1.14\"}",
                unsigned(r >> 32), f.component, f.nvr, pick(kResults, r >> 3), f.arch);
            o.fmTail(f, "org.centos.prod.ci.koji-build.test.complete");
            break;
        case 13:  // CI brew-build queued
            o.umbHead(f, "ci.brew-build.test.queued");
            o.add(
                "{\"artifact\":{\"type\":\"brew-build\",\"id\":%u,\"component\":\"%s\",\"nvr\":"
                "\"%s\"},\"test\":{\"namespace\":\"osci.brew-build\",\"type\":\"tier0\"},\"system\""
                ":[{\"architecture\":\"%s\"}],\"version\":\"1.1.14\"}}",
                unsigned(r >> 32), f.component, f.nvr, f.arch);
            break;
        case 14: {  // CI redhat-module complete
            const char* module = pick(kModules, r >> 6);
            o.umbHead(f, "ci.redhat-module.test.complete");
            o.add(
                "{\"artifact\":{\"type\":\"redhat-module\",\"id\":%" PRIu64
                ",\"nsvc\":\"%s:"
                "9080020261123%06u:%08x\"},\"test\":{\"namespace\":\"osci.redhat-module\",\"type\":"
                "\"tier1\",\"result\":\"%s\"},\"system\":[{\"architecture\":\"%s\"}],\"version\":"
                "\"1.1.14\"}}",
                24000 + f.index % 50000, module, unsigned(r >> 14) % 240000, unsigned(r >> 30),
                pick(kResults, r >> 3), f.arch);
            break;
        }
        case 15:  // CI productmd-compose running
            o.add(
                "{\"body\":{\"artifact\":{\"type\":\"productmd-compose\",\"id\":\"%s\","
                "\"compose_type\":\"nightly\"},\"test\":{\"namespace\":\"fedora-ci.compose\","
                "\"type\":\"installability\"},\"system\":[{\"architecture\":\"%s\"}],\"version\":"
                "\"1.1.14\"}",
                f.fedoraCompose, f.arch);
            o.fmTail(f, "org.centos.prod.ci.productmd-compose.test.running");
            break;
        case 16:  // legacy CentOS CI pipeline
            o.add(
                "{\"body\":{\"CI_TYPE\":\"custom\",\"build_id\":\"%u\",\"CI_NAME\":\"ci-pipeline-"
                "f45\",\"repo\":\"%s\",\"namespace\":\"rpms\",\"status\":\"SUCCESS\",\"branch\":"
                "\"f45\",\"rev\":\"%016" PRIx64 "\",\"ref\":\"fedora/f45/x86_64/atomic-host\"}",
                unsigned(f.index % 10000), f.component, r);
            o.fmTail(f, "org.centos.prod.ci.pipeline.package.complete");
            break;
        case 17:  // Bodhi CI trigger
            o.add(
                "{\"body\":{\"re-trigger\":false,\"artifact\":{\"release\":\"f45\",\"type\":\"koji-"
                "build-group\",\"builds\":[{\"component\":\"%s\",\"nvr\":\"%s\",\"type\":\"koji-"
                "build\"}],\"id\":\"FEDORA-2026-%010" PRIx64 "-%016" PRIx64
                "\"},\"agent\":\"bodhi\"}",
                f.component, f.nvr, (r >> 24) & uint64_t(0xffffffffff), r);
            o.fmTail(f,
                     "org.fedoraproject.prod.bodhi.update.status.testing.koji-build-group.build."
                     "complete");
            break;
        case 18:  // CKI DataWarehouse checkout
            o.add(
                "{\"body\":{\"timestamp\":\"%s\",\"status\":\"%s\",\"object_type\":\"checkout\","
                "\"id\":\"redhat:%" PRIu64 "\",\"object\":{\"id\":\"redhat:%" PRIu64
                "\",\"origin\":"
                "\"redhat\",\"tree_name\":\"rhel-9.8\",\"valid\":true}}",
                f.sentAt, pick(kCkiStates, r >> 3), 1700000 + f.index % 300000,
                1700000 + f.index % 300000);
            o.fmTail(f, "cki.datawarehouse.checkout");
            break;
        case 19:  // CKI ready_for_test
            o.umbHead(f, "cki.ready_for_test");
            o.add(
                "{\"artifact\":{\"type\":\"cki-build\",\"issuer\":\"CKI\",\"source_package_name\":"
                "\"kernel\"},\"checkout_id\":\"redhat:%" PRIu64
                "\",\"tree_name\":\"rhel-9.8\","
                "\"cki_finished\":%s,\"status\":%s,\"build_info\":[{\"architecture\":\"%s\"}]}}",
                1700000 + f.index % 300000, (r >> 3) % 2 ? "true" : "false",
                (r >> 3) % 2 ? "\"success\"" : "null", f.arch);
            break;
        case 20:  // job-trigger build_image, a bare body (unique through its compose id)
            o.add(
                "{\"version\":\"9.8\",\"product\":\"RHEL\",\"message\":{\"product\":\"RHEL\","
                "\"bkr_info\":{\"distro_tags\":[\"nightly_composes\"],\"distro_name\":\"RHEL-9.8.0-"
                "20261123.n.%" PRIu64
                "\"},\"arches\":[\"aarch64\",\"x86_64\",\"s390x\",\"ppc64le\"],"
                "\"version\":\"9.8\",\"build\":\"RHEL-9.8.0-20261123.n.%" PRIu64
                "\",\"url_prefix\":"
                "\"http://download.eng.pek2.redhat.com/rhel-9/nightly/RHEL-9/\"}}",
                f.index, f.index);
            break;
        case 21:  // errata (other)
            o.add(
                "{\"i\":0,\"timestamp\":%s,\"msg_id\":\"%s\",\"topic\":\"%serrata.activity."
                "status\","
                "\"headers\":{\"errata_status\":\"QE\",\"errata_id\":\"%u\",\"to\":\"QE\",\"from\":"
                "\"NEW_FILES\",\"who\":\"jorton@redhat.com\",\"fulladvisory\":\"RHBA-2026:%u-01\"},"
                "\"msg\":\"\"}",
                f.ts, f.umbId, kUmb, unsigned(f.index % 90000), unsigned(f.index % 90000));
            break;
        case 22:  // resultsdb (other)
            o.umbHead(f, "resultsdb.result.new");
            o.add(
                "{\"testcase\":{\"name\":\"osci.brew-build.tier0.functional\"},\"outcome\":\"%s\","
                "\"id\":%" PRIu64 ",\"data\":{\"item\":[\"%s\"],\"type\":[\"brew-build\"]}}}",
                (r >> 3) % 2 ? "PASSED" : "FAILED", 9000000 + f.index, f.nvr);
            break;
        default:  // greenwave (other)
            o.add(
                "{\"body\":{\"subject_type\":\"koji_build\",\"policies_satisfied\":%s,"
                "\"decision_context\":\"bodhi_update_push_testing\",\"product_version\":\"fedora-45"
                "\",\"subject_identifier\":\"%s\",\"summary\":\"All required tests passed\"}",
                (r >> 3) % 2 ? "true" : "false", f.nvr);
            o.fmTail(f, "org.fedoraproject.prod.greenwave.decision.update");
            break;
    }
}

constexpr int kFamilies = 24;

}  // namespace

int familyCount() {
    return kFamilies;
}

std::string benchMessage(uint64_t index, uint64_t count, uint64_t seed) {
    char buf[2048];
    Fields f;
    fill(f, index, count, seed);
    Out out{buf, sizeof buf};
    family(out, f, int(index % kFamilies));
    return std::string(buf, out.len);
}

GeneratedFile writeBenchMessages(const std::string& path, uint64_t count, uint64_t seed) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!file) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    static char ioBuffer[1 << 20];
    std::setvbuf(file.get(), ioBuffer, _IOFBF, sizeof ioBuffer);
    GeneratedFile result;
    char buf[2048];
    Fields f;
    for (uint64_t i = 0; i < count; ++i) {
        fill(f, i, count, seed);
        Out out{buf, sizeof buf};
        family(out, f, int(i % kFamilies));
        buf[out.len++] = '\n';
        if (std::fwrite(buf, 1, out.len, file.get()) != out.len)
            throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        result.bytes += out.len;
    }
    result.messages = count;
    if (std::fflush(file.get()) != 0)
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    return result;
}

}  // namespace switchboard::bench
