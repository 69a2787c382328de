#!/usr/bin/env python3
"""Regenerates the committed demo data under prisma/seed-data/ from real Debian packages.

Usage (see docs/demo-data.md):
    apt-get update
    mkdir -p /tmp/debs && cd /tmp/debs && apt-get download <packages...>   # exact list in docs/demo-data.md
    python3 prisma/seed-data/generator/build_demo_data.py --debs /tmp/debs

It reads every *.deb under --debs (recursively) with `dpkg-deb -f` / `dpkg-deb -c`, keeps regular files and
symlinks (directories dropped, leading "." stripped), adds each module's synthetic rootfs files, removes what
the module's manifest masks, checks that every remaining path is covered by the manifest's file_spec, and
writes file-lists/, manifests/ and demo.ts. Output is deterministic: no clock, no randomness.

Not used at runtime; the TypeScript seed only reads the generated files.
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)  # prisma/seed-data

# apt_snapshot stamps are absolute; they are derived from this nominal "build day" minus builtHoursAgo.
NOMINAL_NOW = dt.datetime(2026, 11, 25, 0, 0, 0, tzinfo=dt.timezone.utc)
REGISTRY = "registry.powernode.example/modules"
GIT = "https://git.powernode.example/modules"
ISSUER = "https://git.powernode.example"
OWNER = "powernode"

USERS = {
    "viewer": ("viewer@powernode.example", "Valerie Okafor"),
    "author": ("author@powernode.example", "Arjun Mehta"),
    "operator": ("operator@powernode.example", "Olga Petrova"),
    "approver": ("approver@powernode.example", "Priya Natarajan"),
    "admin": ("admin@powernode.example", "Adrian Keller"),
}
AUTHOR, OPERATOR, APPROVER = USERS["author"][0], USERS["operator"][0], USERS["approver"][0]

CATEGORIES = [
    ("system-base", "System base", 10),
    ("security-hardening", "Security hardening", 20),
    ("network-overlay", "Network overlay", 60),
    ("container-runtimes", "Container runtimes", 70),
    ("userland", "Userland", 90),
]

# Typical slim-image masks; copyright files stay (licence compliance).
SLIM_MASK = ["/usr/share/man/**", "/usr/share/locale/**", "/usr/share/doc/*/changelog*.gz"]

HEALTH = lambda endpoint, method="GET", interval=15, timeout=3, delay=5: {  # noqa: E731
    "endpoint": endpoint, "method": method, "interval_seconds": interval,
    "timeout_seconds": timeout, "initial_delay_seconds": delay,
}


# Only the keys docs/manifest-validation.md allows to be null may be written as null; other unset keys are left out (a
# null string field is a schema error).
def without_nulls(doc, nullable):
    return {k: v for k, v in doc.items() if v is not None or k in nullable}


def sec(caps=(), apparmor=None, seccomp="runtime/default", egress=(), privileged=False, userns=False):
    return without_nulls({
        "capabilities": list(caps), "selinux_profile": None, "apparmor_profile": apparmor,
        "seccomp_profile": seccomp, "egress_allow": list(egress), "privileged": privileged,
        "user_namespace": userns,
    }, {"seccomp_profile"})


def build(apt, firmware_repo=None, firmware_ref=None, k3s=None):
    return without_nulls({"ubuntu_digest": None, "apt_snapshot": apt, "firmware_repo": firmware_repo,
                          "firmware_ref": firmware_ref, "k3s_version": k3s}, {"ubuntu_digest", "apt_snapshot"})


# --------------------------------------------------------------------------------------------------------
# Modules. Each version: packages (exact Debian name=version, must exist in --debs), rootfs (synthetic files
# the module's rootfs/ tree adds), times in hours before "now", optional manifest overrides.
# --------------------------------------------------------------------------------------------------------
SB_OLD = ["systemd=252.38-1~deb12u1", "libsystemd-shared=252.38-1~deb12u1", "util-linux=2.38.1-5+deb12u1"]
SB_NEW = ["systemd=252.39-1~deb12u2", "libsystemd-shared=252.39-1~deb12u2", "util-linux=2.38.1-5+deb12u3"]
SB_COMMON = ["base-files=12.4+deb12u15", "coreutils=9.1-1", "bash=5.2.15-2+b13", "login=1:4.13+dfsg1-1+deb12u2",
             "passwd=1:4.13+dfsg1-1+deb12u2", "libc-bin=2.36-9+deb12u14"]
SB_ROOTFS = ["/usr/lib/strata/system-base.release", "/etc/systemd/journald.conf.d/10-strata-base.conf",
             "/etc/systemd/system.conf.d/10-strata-timeouts.conf"]

SEC_PKGS = ["apparmor=3.0.8-3", "auditd=1:3.0.9-1", "libpam-pwquality=1.4.5-1+b1", "libpwquality-common=1.4.5-1"]
SEC_ROOTFS = ["/etc/issue", "/etc/issue.net", "/etc/login.defs", "/etc/ssh/sshd_config",
              "/etc/systemd/journald.conf", "/etc/sysctl.d/60-strata-hardening.conf",
              "/etc/audit/rules.d/50-strata-baseline.rules", "/etc/security/pwquality.conf",
              "/etc/security/limits.d/10-strata-core.conf"]

SSH = lambda u: [f"openssh-server=1:9.2p1-2+deb12u{u}", f"openssh-sftp-server=1:9.2p1-2+deb12u{u}"]  # noqa: E731
NGINX = lambda u: [f"nginx=1.22.1-9+deb12u{u}", f"nginx-common=1.22.1-9+deb12u{u}"]  # noqa: E731
APACHE = lambda v: [f"apache2={v}", f"apache2-bin={v}", f"apache2-data={v}"]  # noqa: E731

K3S_ROOTFS = ["/usr/local/bin/k3s", "/usr/local/bin/kubectl", "/usr/local/bin/crictl", "/usr/local/bin/ctr",
              "/usr/local/bin/k3s-killall.sh", "/usr/local/bin/k3s-uninstall.sh",
              "/etc/systemd/system/k3s.service", "/etc/systemd/system/k3s.service.env",
              "/etc/rancher/k3s/config.yaml", "/etc/rancher/k3s/registries.yaml", "/etc/sysctl.d/90-k3s.conf",
              "/etc/modules-load.d/k3s.conf"]

MODULES = [
    dict(
        name="system-base", display="System base (Debian 12)", category="system-base", variety="subscription",
        parent=None, priority=0, visibility="private", license="GPL-2.0-or-later", registered=2600,
        description="Minimal Debian 12 (bookworm) userspace every node boots from: systemd, coreutils, "
                    "util-linux, bash, login and the os-release identity.",
        file_spec=["/bin/**", "/sbin/**", "/lib/systemd/**", "/lib/udev/**", "/lib/lsb/**", "/lib/modprobe.d/**",
                   "/etc/*", "/etc/default/nss", "/etc/default/useradd", "/etc/dpkg/**", "/etc/ld.so.conf.d/**",
                   "/etc/modules-load.d/modules.conf", "/etc/pam.d/**", "/etc/skel/**", "/etc/sysctl.d/99-sysctl.conf",
                   "/etc/systemd/**", "/etc/update-motd.d/**", "/etc/xdg/systemd/**", "/usr/bin/**", "/usr/sbin/**",
                   "/usr/lib/**", "/usr/libexec/**", "/usr/share/**"],
        mask=SLIM_MASK + ["/usr/share/zsh/**", "/usr/share/info/**"],
        protected=["/etc/os-release", "/usr/lib/os-release", "/etc/debian_version"],
        dependency_spec=[], requires=[], provides=["os.debian", "init.systemd", "os.release:debian-12"],
        init=None, services=[], reboot=True,
        security=sec(seccomp=None, privileged=True),
        skills=["boot", "systemd", "user-management"],
        firmware=("https://git.powernode.example/firmware/linux-firmware", "debian/20230210-5"),
        versions=[
            dict(v="2025.1.0", pkgs=SB_COMMON + SB_OLD,
                 rootfs=SB_ROOTFS[:2] + ["/etc/update-motd.d/50-strata-legacy-banner"],
                 t=dict(built=2400, staging=2396, blessed=2380, live=2350, retired=1300),
                 retired_reason="Superseded by 2025.2.0; retired after the 30-day rollback window.",
                 note="Package versions identical to 2025.2.0; the rootfs still carried a legacy motd banner script "
                      "(synthetic) and lacked the systemd timeout drop-in."),
            dict(v="2025.2.0", pkgs=SB_COMMON + SB_OLD, rootfs=SB_ROOTFS,
                 t=dict(built=1400, staging=1396, blessed=1370, live=1340), prev_live=True),
            dict(v="2025.3.0", pkgs=SB_COMMON + SB_NEW, rootfs=SB_ROOTFS,
                 t=dict(built=360, staging=356, blessed=340, live=330)),
            dict(v="2025.4.0", pkgs=SB_COMMON + SB_NEW,
                 rootfs=SB_ROOTFS + ["/etc/systemd/system.conf.d/20-strata-watchdog.conf",
                                     "/usr/lib/sysctl.d/50-strata-base.conf"],
                 t=dict(built=6),
                 note="Same packages as 2025.3.0; adds two synthetic rootfs files (watchdog drop-in, base sysctl)."),
        ],
    ),
    dict(
        name="security-hardening", display="Security hardening baseline", category="security-hardening",
        variety="subscription", parent=None, priority=0, visibility="private", license="Apache-2.0",
        registered=2500,
        description="CIS-style baseline: AppArmor, auditd with Strata rules, pam_pwquality, login banners, "
                    "hardened sysctls and the fleet-wide sshd_config that includes sshd_config.d drop-ins.",
        file_spec=["/etc/apparmor/**", "/etc/apparmor.d/**", "/etc/audit/**", "/etc/default/auditd",
                   "/etc/init.d/apparmor", "/etc/init.d/auditd", "/etc/issue", "/etc/issue.net", "/etc/login.defs",
                   "/etc/security/**", "/etc/ssh/sshd_config", "/etc/systemd/journald.conf",
                   "/etc/sysctl.d/6?-strata-*.conf", "/etc/modprobe.d/strata-*.conf", "/lib/apparmor/**",
                   "/lib/systemd/system/apparmor.service", "/lib/systemd/system/auditd.service",
                   "/lib/x86_64-linux-gnu/security/pam_pwquality.so", "/sbin/apparmor_parser", "/sbin/au*",
                   "/usr/bin/aa-*", "/usr/bin/au*", "/usr/sbin/aa-*", "/usr/sbin/apparmor_status",
                   "/usr/share/apparmor-features/**", "/usr/share/apport/**", "/usr/share/doc/**",
                   "/usr/share/lintian/**", "/usr/share/locale/**", "/usr/share/man/**", "/usr/share/pam-configs/**"],
        mask=SLIM_MASK + ["/usr/share/apport/**"],
        protected=["/etc/issue", "/etc/issue.net", "/etc/ssh/sshd_config", "/etc/security/pwquality.conf",
                   "/etc/audit/rules.d/**"],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0"],
        provides=["security.apparmor", "security.audit", "security.cis-baseline"],
        init=None,
        services=[dict(name="auditd", start_command="/sbin/auditd -n", stop_command="/sbin/auditctl --signal TERM",
                       restart_policy="on-failure", user="root",
                       capabilities=["CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE", "CAP_SYS_NICE"])],
        reboot=True,
        security=sec(caps=["CAP_AUDIT_CONTROL", "CAP_AUDIT_WRITE", "CAP_MAC_ADMIN"], seccomp=None, privileged=True),
        skills=["cis-benchmark", "apparmor", "auditd"],
        versions=[
            dict(v="1.0.0", pkgs=SEC_PKGS, rootfs=[p for p in SEC_ROOTFS if "limits.d" not in p],
                 t=dict(built=2300, staging=2298, blessed=2280, live=2260, retired=900),
                 retired_reason="pam_pwquality minlen=16 locked legacy service accounts out; replaced by 1.1.0."),
            dict(v="1.1.0", pkgs=SEC_PKGS, rootfs=SEC_ROOTFS + ["/etc/modprobe.d/strata-blacklist.conf"],
                 t=dict(built=1000, staging=990, blessed=940, live=920)),
            dict(v="1.2.0", pkgs=SEC_PKGS,
                 rootfs=SEC_ROOTFS + ["/etc/modprobe.d/strata-blacklist.conf",
                                      "/etc/audit/rules.d/60-strata-containers.rules",
                                      "/etc/sysctl.d/61-strata-bpf.conf"],
                 t=dict(built=8, staging=5),
                 note="Same packages as 1.1.0; adds container audit rules and a BPF sysctl file (synthetic)."),
        ],
    ),
    dict(
        name="openssh-hardening", display="OpenSSH server (hardened)", category="security-hardening",
        variety="subscription", parent=None, priority=50, visibility="private", license="BSD-2-Clause",
        registered=2450,
        description="OpenSSH server with Strata's sshd_config.d drop-ins: key-only auth, modern KEX/ciphers, "
                    "no forwarding, and an AllowGroups policy.",
        file_spec=["/etc/default/ssh", "/etc/init.d/ssh", "/etc/pam.d/sshd", "/etc/ssh/moduli",
                   "/etc/ssh/sshd_config.d/*.conf", "/etc/sv/ssh/**", "/etc/ufw/applications.d/openssh-server",
                   "/etc/systemd/system/ssh.service.d/*.conf", "/lib/systemd/system/ssh.*",
                   "/lib/systemd/system/rescue-ssh.target", "/usr/lib/openssh/**", "/usr/lib/sftp-server",
                   "/usr/sbin/sshd", "/usr/share/apport/**", "/usr/share/doc/**", "/usr/share/lintian/**",
                   "/usr/share/man/**", "/usr/share/openssh/**", "/usr/share/runit/**"],
        mask=SLIM_MASK + ["/usr/share/apport/**", "/etc/sv/**", "/usr/share/runit/**"],
        protected=["/etc/ssh/sshd_config.d/50-strata-hardening.conf"],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0", "capability:security.audit"],
        provides=["ssh.port:22", "remote-access.ssh"],
        init=None,
        services=[dict(name="sshd", start_command="/usr/sbin/sshd -D -e", stop_command="/bin/kill -TERM $MAINPID",
                       restart_policy="always", user="root",
                       exposed_ports=[dict(port=22, protocol="tcp", name="ssh")],
                       capabilities=["CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE",
                                     "CAP_SETGID", "CAP_SETUID", "CAP_SYS_CHROOT"],
                       health=HEALTH("127.0.0.1:22", "TCP", 30, 5, 10))],
        reboot=False,
        security=sec(caps=["CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT"], apparmor=None),
        skills=["ssh", "bastion"],
        versions=[
            dict(v="2.0.0", pkgs=SSH(7), rootfs=["/etc/ssh/sshd_config.d/50-strata-hardening.conf"],
                 t=dict(built=2100, staging=2095, blessed=2070, live=2050, retired=700),
                 retired_reason="Superseded by 2.1.0 (openssh 9.2p1-2+deb12u9 security update)."),
            dict(v="2.1.0", pkgs=SSH(9),
                 rootfs=["/etc/ssh/sshd_config.d/50-strata-hardening.conf",
                         "/etc/systemd/system/ssh.service.d/10-strata-restart.conf"],
                 t=dict(built=760, staging=755, blessed=730, live=720), prev_live=True),
            dict(v="2.2.0", pkgs=SSH(10),
                 rootfs=["/etc/ssh/sshd_config.d/50-strata-hardening.conf",
                         "/etc/ssh/sshd_config.d/55-strata-kex.conf",
                         "/etc/systemd/system/ssh.service.d/10-strata-restart.conf"],
                 t=dict(built=200, staging=196, blessed=180, live=170),
                 note="Adds a KEX drop-in (sntrup761x25519) - synthetic rootfs file."),
        ],
    ),
    dict(
        name="chrony", display="Chrony time sync", category="userland", variety="subscription", parent=None,
        priority=10, visibility="public", license="GPL-2.0-only", registered=2450,
        description="chrony NTP client pointed at the Powernode time servers, with NTS where available.",
        file_spec=["/etc/apparmor.d/usr.sbin.chronyd", "/etc/chrony/**", "/etc/default/chrony",
                   "/etc/dhcp/dhclient-exit-hooks.d/chrony", "/etc/init.d/chrony", "/etc/logrotate.d/chrony",
                   "/etc/network/if-*.d/chrony", "/etc/ppp/ip-*.d/chrony", "/lib/systemd/system/chrony*",
                   "/usr/bin/chronyc", "/usr/lib/NetworkManager/dispatcher.d/*chrony*",
                   "/usr/lib/networkd-dispatcher/*/chrony-onoffline", "/usr/lib/systemd/ntp-units.d/50-chrony.list",
                   "/usr/libexec/chrony/**", "/usr/sbin/chronyd", "/usr/share/chrony/**", "/usr/share/doc/**",
                   "/usr/share/lintian/**", "/usr/share/man/**"],
        mask=SLIM_MASK + ["/etc/ppp/**", "/usr/lib/NetworkManager/**"],
        protected=["/etc/chrony/chrony.conf"],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0"], provides=["time.sync"],
        init=None,
        services=[dict(name="chronyd", start_command="/usr/sbin/chronyd -d -F 1",
                       stop_command="/bin/kill -TERM $MAINPID", restart_policy="always", user="_chrony",
                       exposed_ports=[dict(port=323, protocol="udp", name="chronyc")],
                       capabilities=["CAP_SYS_TIME", "CAP_NET_BIND_SERVICE"])],
        reboot=False,
        security=sec(caps=["CAP_SYS_TIME"], apparmor="usr.sbin.chronyd",
                     egress=["time.powernode.example:123/udp", "time.powernode.example:4460/tcp"]),
        skills=["ntp", "nts"],
        versions=[
            dict(v="1.0.0", pkgs=["chrony=4.3-2+deb12u3"], rootfs=["/etc/chrony/chrony.conf"],
                 t=dict(built=2000, staging=1996, blessed=1980, live=1960)),
            dict(v="1.1.0", pkgs=["chrony=4.3-2+deb12u3"],
                 rootfs=["/etc/chrony/chrony.conf", "/etc/chrony/sources.d/strata-pool.sources"],
                 t=dict(built=60, staging=52),
                 note="Same package; adds a sources.d pool file (synthetic). Stale in staging by design."),
        ],
    ),
    dict(
        name="nginx", display="nginx web server", category="userland", variety="subscription", parent=None,
        priority=100, visibility="private", license="BSD-2-Clause", registered=2400,
        description="Debian's nginx 1.22 as the edge HTTP/HTTPS server. TLS policy and the main nginx.conf "
                    "come from the nginx-tls-config module; per-site vhosts from edge-site-config.",
        file_spec=["/etc/default/nginx", "/etc/init.d/nginx", "/etc/logrotate.d/nginx", "/etc/nginx/**",
                   "/etc/ufw/applications.d/nginx", "/lib/systemd/system/nginx.service", "/usr/sbin/nginx",
                   "/usr/share/apport/**", "/usr/share/doc/**", "/usr/share/man/**", "/usr/share/nginx/**",
                   "/usr/share/vim/**"],
        mask=SLIM_MASK + ["/usr/share/vim/**", "/usr/share/apport/**", "/etc/ufw/**"],
        protected=[],
        dependency_spec=["/etc/nginx/**"], requires=[f"{OWNER}/system-base@^2025.1.0"],
        provides=["http.port:80", "http.port:443", "http.server"],
        init=None,
        services=[dict(name="nginx", start_command="/usr/sbin/nginx -g 'daemon off; master_process on;'",
                       stop_command="/usr/sbin/nginx -s quit", restart_policy="always", user="root",
                       working_directory="/var/www",
                       exposed_ports=[dict(port=80, protocol="tcp", name="http"),
                                      dict(port=443, protocol="tcp", name="https")],
                       capabilities=["CAP_NET_BIND_SERVICE", "CAP_SETUID", "CAP_SETGID", "CAP_CHOWN"],
                       health=HEALTH("http://127.0.0.1/strata-health"))],
        reboot=False,
        security=sec(caps=["CAP_NET_BIND_SERVICE"]),
        skills=["http", "reverse-proxy", "tls-termination"],
        versions=[
            dict(v="1.0.0", pkgs=NGINX(9), rootfs=["/etc/nginx/sites-enabled/default"],
                 t=dict(built=2000, staging=1990, blessed=1970, live=1950, retired=600),
                 retired_reason="Superseded by 1.1.0 (health endpoint); no instance runs it any more.",
                 manifest=dict(health="http://127.0.0.1/")),
            dict(v="1.1.0", pkgs=NGINX(9),
                 rootfs=["/etc/nginx/sites-enabled/default", "/etc/nginx/conf.d/strata-health.conf"],
                 t=dict(built=700, staging=690, blessed=650, live=96), first_live=620,
                 note="Went live 620 h ago, returned to blessed when 1.2.0 went live (140 h), live again after the "
                      "rollback 96 h ago."),
            dict(v="1.2.0", pkgs=NGINX(9),
                 rootfs=["/etc/nginx/sites-enabled/default", "/etc/nginx/conf.d/strata-health.conf",
                         "/etc/nginx/conf.d/upstream-keepalive.conf"],
                 t=dict(built=220, staging=215, blessed=160, live=140, retired=96),
                 retired_reason="The upstream keepalive change caused 502s on edge-ams (INC-2291).",
                 note="Adds an upstream keepalive conf (synthetic) - the change that was rolled back."),
            dict(v="1.3.0", pkgs=NGINX(11),
                 rootfs=["/etc/nginx/sites-enabled/default", "/etc/nginx/conf.d/strata-health.conf"],
                 t=dict(built=30, staging=27, blessed=4),
                 manifest=dict(skills_extra=["http2"], service_env={"NGINX_WORKER_CONNECTIONS": "4096"}),
                 note="Debian security update 1.22.1-9+deb12u11; keepalive change not reintroduced; manifest adds "
                      "an http2 skill and a worker-connections env."),
        ],
    ),
    dict(
        name="apache", display="Apache HTTP Server", category="userland", variety="subscription", parent=None,
        priority=110, visibility="private", license="Apache-2.0", registered=2300,
        description="Apache httpd 2.4 for the legacy intranet sites. Mutually exclusive with nginx on a node: "
                    "both bind port 80.",
        file_spec=["/etc/apache2/**", "/etc/cron.daily/apache2", "/etc/default/apache-htcacheclean",
                   "/etc/init.d/apache*", "/etc/logrotate.d/apache2", "/lib/systemd/system/apache*",
                   "/usr/lib/apache2/**", "/usr/sbin/a2*", "/usr/sbin/apache*",
                   "/usr/share/apache2/**", "/usr/share/bash-completion/completions/a2*", "/usr/share/bug/**",
                   "/usr/share/doc/**", "/usr/share/lintian/**", "/usr/share/man/**", "/var/www/html/**"],
        mask=SLIM_MASK,
        protected=["/etc/apache2/ports.conf"],
        dependency_spec=["/etc/apache2/**"], requires=[f"{OWNER}/system-base@^2025.1.0"],
        provides=["http.port:80", "http.server"],
        init=None,
        services=[dict(name="apache2", start_command="/usr/sbin/apache2ctl -D FOREGROUND",
                       stop_command="/usr/sbin/apache2ctl graceful-stop", restart_policy="always", user="root",
                       env={"APACHE_RUN_USER": "www-data", "APACHE_RUN_GROUP": "www-data"},
                       exposed_ports=[dict(port=80, protocol="tcp", name="http")],
                       capabilities=["CAP_NET_BIND_SERVICE", "CAP_SETUID", "CAP_SETGID"],
                       health=HEALTH("http://127.0.0.1/server-status?auto", interval=30))],
        reboot=False,
        security=sec(caps=["CAP_NET_BIND_SERVICE"]),
        skills=["http", "legacy"],
        versions=[
            dict(v="1.0.0", pkgs=APACHE("2.4.68-1~deb12u1"),
                 rootfs=["/etc/apache2/sites-enabled/000-default.conf", "/var/www/html/index.html"],
                 t=dict(built=1800, staging=1795, blessed=1780, live=1760)),
            dict(v="1.1.0", pkgs=APACHE("2.4.71-1~deb12u1"),
                 rootfs=["/etc/apache2/sites-enabled/000-default.conf", "/var/www/html/index.html",
                         "/etc/apache2/conf-available/strata-status.conf"],
                 t=dict(built=20),
                 note="Debian security update 2.4.71; adds a status conf (synthetic)."),
        ],
    ),
    dict(
        name="nginx-tls-config", display="nginx TLS policy", category="userland", variety="config",
        parent="nginx", priority=100, visibility="private", license="Apache-2.0", registered=2350,
        description="Replaces nginx's nginx.conf with the Powernode TLS policy (TLS 1.2+, OCSP stapling, HSTS) "
                    "and installs the edge CA bundle.",
        file_spec=["/etc/nginx/nginx.conf", "/etc/nginx/conf.d/*.conf", "/etc/nginx/snippets/ssl-*.conf",
                   "/etc/nginx/snippets/hsts.conf", "/etc/ssl/strata/**", "/etc/ssl/certs/strata-edge-ca.pem",
                   "/usr/local/share/ca-certificates/strata-edge-ca.crt"],
        mask=["/etc/nginx/conf.d/*.example.conf"],
        protected=["/etc/ssl/strata/**"],
        dependency_spec=["/etc/nginx/**"], requires=[f"{OWNER}/nginx@^1.0.0"], provides=["nginx.tls-policy"],
        init={"start": "/usr/sbin/nginx -t", "stop": "/bin/true", "restart": "/usr/sbin/nginx -s reload"},
        services=[], reboot=False, security=sec(), skills=["tls"],
        versions=[
            dict(v="1.0.0",
                 rootfs=["/etc/nginx/nginx.conf", "/etc/nginx/conf.d/tls.conf", "/etc/nginx/snippets/ssl-params.conf",
                         "/etc/ssl/strata/dhparam-2048.pem", "/etc/ssl/certs/strata-edge-ca.pem",
                         "/usr/local/share/ca-certificates/strata-edge-ca.crt"],
                 t=dict(built=1900, staging=1898, blessed=1890, live=1880, retired=400),
                 retired_reason="Still allowed TLS 1.0/1.1; superseded by 1.1.0."),
            dict(v="1.1.0",
                 rootfs=["/etc/nginx/nginx.conf", "/etc/nginx/conf.d/tls.conf", "/etc/nginx/conf.d/ocsp-stapling.conf",
                         "/etc/nginx/snippets/ssl-params.conf", "/etc/nginx/snippets/hsts.conf",
                         "/etc/ssl/strata/dhparam-3072.pem", "/etc/ssl/certs/strata-edge-ca.pem",
                         "/usr/local/share/ca-certificates/strata-edge-ca.crt"],
                 t=dict(built=430, staging=428, blessed=415, live=410)),
        ],
    ),
    dict(
        name="edge-site-config", display="Edge site configuration", category="userland", variety="instance",
        parent=None, priority=0, visibility="private", license="Apache-2.0", registered=1500,
        description="Per-site identity for edge nodes: site.yaml rendered from the assignment metadata, the site "
                    "vhost (replaces nginx's default site), a motd fragment and node-exporter site labels.",
        file_spec=["/etc/strata/*", "/etc/nginx/sites-available/default", "/etc/update-motd.d/20-strata-site",
                   "/usr/local/lib/strata/apply-site-config", "/var/lib/prometheus/node-exporter/strata_site.prom"],
        mask=[],
        protected=["/etc/strata/site.yaml", "/etc/strata/site.env"],
        dependency_spec=[], requires=["capability:http.server", f"{OWNER}/system-base@^2025.1.0"], provides=[],
        init={"start": "/usr/local/lib/strata/apply-site-config --apply",
              "stop": "/usr/local/lib/strata/apply-site-config --revert",
              "restart": "/usr/local/lib/strata/apply-site-config --apply --reload"},
        services=[], reboot=False, security=sec(), skills=["site-identity"],
        versions=[
            dict(v="0.3.0",
                 rootfs=["/etc/strata/site.yaml", "/etc/strata/site.env", "/etc/nginx/sites-available/default",
                         "/etc/update-motd.d/20-strata-site", "/usr/local/lib/strata/apply-site-config"],
                 t=dict(built=1450, staging=1448, blessed=1440, live=1430, retired=200),
                 retired_reason="Superseded by 0.4.0; no instance reports 0.3.0 any more."),
            dict(v="0.4.0",
                 rootfs=["/etc/strata/site.yaml", "/etc/strata/site.env", "/etc/nginx/sites-available/default",
                         "/etc/update-motd.d/20-strata-site", "/usr/local/lib/strata/apply-site-config",
                         "/var/lib/prometheus/node-exporter/strata_site.prom"],
                 t=dict(built=270, staging=266, blessed=260, live=255)),
            dict(v="0.5.0",
                 rootfs=["/etc/strata/site.yaml", "/etc/strata/site.env", "/etc/strata/site-peers.yaml",
                         "/etc/nginx/sites-available/default", "/etc/update-motd.d/20-strata-site",
                         "/usr/local/lib/strata/apply-site-config", "/var/lib/prometheus/node-exporter/strata_site.prom"],
                 t=dict(built=3)),
        ],
    ),
    dict(
        name="containerd", display="containerd runtime", category="container-runtimes", variety="subscription",
        parent=None, priority=10, visibility="public", license="Apache-2.0", registered=2200,
        description="containerd 1.6 with runc as the OCI runtime, configured for the systemd cgroup driver.",
        file_spec=["/etc/containerd/**", "/etc/modules-load.d/containerd.conf",
                   "/etc/sysctl.d/99-kubernetes-cri.conf", "/lib/systemd/system/containerd.service",
                   "/usr/bin/containerd*", "/usr/bin/ctr", "/usr/bin/runc", "/usr/sbin/runc",
                   "/usr/share/bash-completion/completions/*", "/usr/share/doc/**", "/usr/share/lintian/**",
                   "/usr/share/man/**", "/usr/share/zsh/**"],
        mask=SLIM_MASK + ["/usr/share/zsh/**"],
        protected=["/etc/containerd/config.toml"],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0"],
        provides=["container.runtime.cri", "oci.runtime.runc"],
        init=None,
        services=[dict(name="containerd", start_command="/usr/bin/containerd",
                       stop_command="/bin/kill -TERM $MAINPID", restart_policy="always", user="root",
                       capabilities=["CAP_SYS_ADMIN", "CAP_NET_ADMIN"])],
        reboot=False,
        security=sec(seccomp=None, privileged=True, egress=["registry.powernode.example:443"]),
        skills=["containers"],
        versions=[
            dict(v="1.0.0", pkgs=["containerd=1.6.20~ds1-1+deb12u2", "runc=1.1.5+ds1-1+deb12u1"],
                 rootfs=["/etc/containerd/config.toml", "/etc/modules-load.d/containerd.conf"],
                 t=dict(built=1700, staging=1690, blessed=1660, live=1650), prev_live=True),
            dict(v="1.1.0", pkgs=["containerd=1.6.20~ds1-1+deb12u3", "runc=1.1.5+ds1-1+deb12u1"],
                 rootfs=["/etc/containerd/config.toml", "/etc/modules-load.d/containerd.conf",
                         "/etc/sysctl.d/99-kubernetes-cri.conf"],
                 t=dict(built=520, staging=510, blessed=490, live=480)),
        ],
    ),
    dict(
        name="k3s-server", display="k3s Kubernetes", category="container-runtimes", variety="subscription",
        parent=None, priority=50, visibility="private", license="Apache-2.0", registered=2200,
        description="k3s (server or agent, from the assignment metadata) using the node's containerd. k3s is "
                    "not packaged by Debian: the binary and airgap images come from the k3s release.",
        file_spec=["/usr/local/bin/*", "/etc/rancher/**", "/etc/systemd/system/k3s.service*",
                   "/etc/sysctl.d/90-k3s.conf", "/etc/modules-load.d/k3s.conf", "/usr/bin/iptables-xml",
                   "/usr/sbin/*tables*", "/usr/sbin/nfnl_osf", "/usr/lib/x86_64-linux-gnu/xtables/**",
                   "/usr/share/iptables/**", "/usr/share/doc/**", "/usr/share/man/**"],
        mask=SLIM_MASK,
        protected=["/etc/rancher/k3s/**", "/usr/local/bin/k3s"],
        dependency_spec=[], requires=[f"{OWNER}/containerd@^1.0.0", "capability:container.runtime.cri"],
        provides=["kubernetes.node", "k8s.apiserver.port:6443", "k8s.kubelet.port:10250"],
        init=None,
        services=[dict(name="k3s", start_command="/usr/local/bin/k3s ${K3S_EXEC} --config /etc/rancher/k3s/config.yaml",
                       stop_command="/usr/local/bin/k3s-killall.sh", restart_policy="always", user="root",
                       env={"K3S_EXEC": "server", "CONTAINERD_ADDRESS": "/run/containerd/containerd.sock"},
                       exposed_ports=[dict(port=6443, protocol="tcp", name="kube-apiserver"),
                                      dict(port=10250, protocol="tcp", name="kubelet"),
                                      dict(port=8472, protocol="udp", name="flannel-vxlan")],
                       health=HEALTH("https://127.0.0.1:6443/readyz", interval=20, timeout=5, delay=60),
                       metadata={"exec_from_assignment": "exec"})],
        reboot=False,
        security=sec(seccomp=None, privileged=True, egress=["registry.powernode.example:443"]),
        skills=["kubernetes"],
        versions=[
            dict(v="1.29.10", pkgs=["iptables=1.8.9-2"], rootfs=K3S_ROOTFS,
                 t=dict(built=1700, staging=1695, blessed=1660, live=1640, retired=450),
                 retired_reason="Kubernetes 1.29 is end of life; all clusters run 1.30.",
                 manifest=dict(k3s="v1.29.10+k3s1")),
            dict(v="1.30.6", pkgs=["iptables=1.8.9-2"], rootfs=K3S_ROOTFS,
                 t=dict(built=500, staging=495, blessed=475, live=470), manifest=dict(k3s="v1.30.6+k3s1")),
            dict(v="1.31.4", pkgs=["iptables=1.8.9-2"],
                 rootfs=K3S_ROOTFS + ["/etc/rancher/k3s/config.yaml.d/50-strata.yaml"],
                 t=dict(built=12), manifest=dict(k3s="v1.31.4+k3s1")),
        ],
    ),
    dict(
        name="node-exporter", display="Prometheus node exporter", category="userland", variety="subscription",
        parent=None, priority=20, visibility="public", license="Apache-2.0", registered=2300,
        description="prometheus-node-exporter on :9100 with the textfile collector enabled.",
        file_spec=["/etc/default/prometheus-node-exporter", "/etc/init.d/prometheus-node-exporter",
                   "/etc/logrotate.d/prometheus-node-exporter", "/etc/systemd/system/prometheus-node-exporter.service.d/*",
                   "/lib/systemd/system/prometheus-node-exporter.service", "/usr/bin/prometheus-node-exporter",
                   "/usr/local/lib/strata/node-exporter-*", "/usr/share/doc/**", "/usr/share/man/**"],
        mask=SLIM_MASK,
        protected=[],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0"],
        provides=["metrics.node", "metrics.node-exporter.port:9100"],
        init=None,
        services=[dict(name="node-exporter", start_command="/usr/bin/prometheus-node-exporter $ARGS",
                       stop_command="/bin/kill -TERM $MAINPID", restart_policy="always", user="prometheus",
                       env={"ARGS": "--collector.textfile.directory=/var/lib/prometheus/node-exporter"},
                       exposed_ports=[dict(port=9100, protocol="tcp", name="metrics")],
                       health=HEALTH("http://127.0.0.1:9100/metrics", interval=30))],
        reboot=False,
        security=sec(),
        skills=["metrics"],
        versions=[
            dict(v="1.0.0", pkgs=["prometheus-node-exporter=1.5.0-1+b6"],
                 rootfs=["/etc/default/prometheus-node-exporter"],
                 t=dict(built=1800, staging=1796, blessed=1790, live=1780)),
            dict(v="1.1.0", pkgs=["prometheus-node-exporter=1.5.0-1+b6"],
                 rootfs=["/etc/default/prometheus-node-exporter",
                         "/etc/systemd/system/prometheus-node-exporter.service.d/10-strata-textfile.conf",
                         "/usr/local/lib/strata/node-exporter-textfile-collector"],
                 t=dict(built=5, staging=3),
                 note="Same package; adds a textfile-collector helper and unit drop-in (synthetic). Running on "
                      "4 canary instances - ready to bless."),
        ],
    ),
    dict(
        name="log-forwarder", display="Log forwarder (rsyslog)", category="userland", variety="subscription",
        parent=None, priority=30, visibility="private", license="GPL-3.0-or-later", registered=2250,
        description="Forwards journald and syslog to logs.powernode.example over TLS with rsyslog; logrotate "
                    "for local spools. (Stands in for fluent-bit, which Debian does not package.)",
        file_spec=["/etc/rsyslog.conf", "/etc/rsyslog.d/*.conf", "/etc/logcheck/ignore.d.server/rsyslog",
                   "/etc/logrotate.conf", "/etc/logrotate.d/*", "/etc/cron.daily/logrotate",
                   "/etc/systemd/journald.conf", "/etc/ssl/certs/strata-logs-ca.pem",
                   "/lib/systemd/system/rsyslog.service", "/lib/systemd/system/logrotate.*",
                   "/usr/lib/rsyslog/**", "/usr/lib/x86_64-linux-gnu/rsyslog/**", "/usr/sbin/rsyslogd",
                   "/usr/sbin/logrotate", "/usr/share/bug/logrotate/**", "/usr/share/doc/**", "/usr/share/man/**"],
        mask=SLIM_MASK + ["/etc/logcheck/**"],
        protected=["/etc/rsyslog.d/**"],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0"], provides=["logging.forwarder"],
        init=None,
        services=[dict(name="rsyslog", start_command="/usr/sbin/rsyslogd -n -iNONE",
                       stop_command="/bin/kill -TERM $MAINPID", restart_policy="on-failure", user="root",
                       capabilities=["CAP_SYSLOG", "CAP_NET_BIND_SERVICE"])],
        reboot=False,
        security=sec(caps=["CAP_SYSLOG"], egress=["logs.powernode.example:6514"]),
        skills=["logging"],
        versions=[
            dict(v="1.4.0", pkgs=["rsyslog=8.2302.0-1+deb12u1", "logrotate=3.21.0-1"],
                 rootfs=["/etc/rsyslog.d/50-strata-forward.conf"],
                 t=dict(built=2100, staging=2098, blessed=2090, live=2080, retired=1100),
                 retired_reason="Plain UDP forwarding; replaced by 2.0.0 (TLS to logs.powernode.example).",
                 manifest=dict(egress=["logs.powernode.example:514"])),
            dict(v="2.0.0", pkgs=["rsyslog=8.2302.0-1+deb12u1", "logrotate=3.21.0-1"],
                 rootfs=["/etc/rsyslog.d/10-strata-tls.conf", "/etc/rsyslog.d/50-strata-forward.conf",
                         "/etc/ssl/certs/strata-logs-ca.pem", "/etc/systemd/journald.conf"],
                 t=dict(built=1200, staging=1190, blessed=1160, live=1150), prev_live=True),
            dict(v="2.1.0", pkgs=["rsyslog=8.2302.0-1+deb12u2", "logrotate=3.21.0-1"],
                 rootfs=["/etc/rsyslog.d/10-strata-tls.conf", "/etc/rsyslog.d/50-strata-forward.conf",
                         "/etc/ssl/certs/strata-logs-ca.pem", "/etc/systemd/journald.conf",
                         "/etc/logrotate.d/strata-forwarder-spool"],
                 t=dict(built=320, staging=316, blessed=305, live=300)),
        ],
    ),
    dict(
        name="wireguard-overlay", display="WireGuard overlay network", category="network-overlay",
        variety="subscription", parent=None, priority=0, visibility="private", license="GPL-2.0-only",
        registered=1600,
        description="wg0 overlay between sites; the config is rendered at boot from the assignment metadata "
                    "(peers come from the Powernode overlay controller).",
        file_spec=["/usr/bin/wg", "/usr/bin/wg-quick", "/lib/systemd/system/wg-quick*",
                   "/etc/systemd/system/wg-quick@wg0.service.d/*.conf", "/etc/systemd/system/wg-peer-sync.*",
                   "/etc/sysctl.d/70-wireguard-forward.conf", "/etc/wireguard/**", "/usr/local/lib/strata/wg-*",
                   "/usr/share/bash-completion/completions/wg*", "/usr/share/doc/**", "/usr/share/lintian/**",
                   "/usr/share/man/**"],
        mask=SLIM_MASK + ["/usr/share/doc/wireguard-tools/examples/**"],
        protected=["/etc/wireguard/**"],
        dependency_spec=[], requires=[f"{OWNER}/system-base@^2025.1.0"],
        provides=["network.overlay", "wireguard.port:51820"],
        init=None,
        services=[dict(name="wg-quick-wg0", start_command="/usr/bin/wg-quick up wg0",
                       stop_command="/usr/bin/wg-quick down wg0", restart_policy="on-failure", user="root",
                       exposed_ports=[dict(port=51820, protocol="udp", name="wireguard")],
                       capabilities=["CAP_NET_ADMIN"])],
        reboot=False,
        security=sec(caps=["CAP_NET_ADMIN"], egress=["overlay.powernode.example:443"]),
        skills=["overlay-network"],
        versions=[
            dict(v="1.0.0", pkgs=["wireguard-tools=1.0.20210914-1+b1"],
                 rootfs=["/usr/local/lib/strata/wg-render-config", "/etc/wireguard/README.strata",
                         "/etc/systemd/system/wg-quick@wg0.service.d/10-strata.conf",
                         "/etc/sysctl.d/70-wireguard-forward.conf"],
                 t=dict(built=1550, staging=1548, blessed=1530, live=1520)),
            dict(v="1.1.0", pkgs=["wireguard-tools=1.0.20210914-1+b1"],
                 rootfs=["/usr/local/lib/strata/wg-render-config", "/usr/local/lib/strata/wg-peer-sync",
                         "/etc/wireguard/README.strata",
                         "/etc/systemd/system/wg-quick@wg0.service.d/10-strata.conf",
                         "/etc/systemd/system/wg-peer-sync.service", "/etc/systemd/system/wg-peer-sync.timer",
                         "/etc/sysctl.d/70-wireguard-forward.conf"],
                 t=dict(built=90, staging=85, blessed=48),
                 note="Same package; adds a peer-sync timer (synthetic). Its live request was rejected."),
        ],
    ),
]

# Draft edits on top of the newest version's manifest (the module's current manifestYaml).
DRAFT_EDITS = {
    "nginx": dict(health_delay=10),  # author tuned the health check 2 h ago; not built yet
}

TEMPLATES = [
    dict(name="edge-web", description="Edge web nodes: TLS-terminating nginx with site identity, metrics, logs "
                                      "and the WireGuard overlay.", created=2300,
         assignments=[
             dict(module="system-base"), dict(module="security-hardening"), dict(module="chrony"),
             dict(module="nginx", metadata={"worker_processes": "auto", "client_max_body_size": "16m"}),
             dict(module="nginx-tls-config", metadata={"hsts_max_age": 31536000}),
             dict(module="node-exporter"), dict(module="log-forwarder", metadata={"facility_filter": "*.info"}),
             dict(module="openssh-hardening", metadata={"allow_groups": ["sre"]}),
             dict(module="wireguard-overlay", metadata={"interface": "wg0", "listen_port": 51820,
                                                        "peers_from": "overlay.powernode.example/edge"}),
             dict(module="edge-site-config", metadata={"site_domain": "{{instance.name}}.edge.powernode.example",
                                                       "cdn_tier": "standard"}),
             dict(module="apache", enabled=False, assigned=150,
                  metadata={"note": "kept disabled: legacy intranet vhosts moved to nginx"}),
         ]),
    dict(name="k3s-worker", description="Kubernetes worker nodes (k3s agent on containerd).", created=2150,
         assignments=[
             dict(module="system-base"), dict(module="security-hardening"), dict(module="chrony"),
             dict(module="containerd", metadata={"systemd_cgroup": True}),
             dict(module="k3s-server", metadata={"exec": "agent", "server_url": "https://k3s-api.powernode.example:6443",
                                                 "node_labels": ["powernode.example/pool=worker"]}),
             dict(module="node-exporter"), dict(module="log-forwarder"),
         ]),
    dict(name="bastion", description="SSH bastions: hardened OpenSSH, audit logging, nothing else.", created=2400,
         assignments=[
             dict(module="system-base"),
             dict(module="security-hardening", override=95000, updated=200,
                  metadata={"why_override": "CIS journald.conf must win over log-forwarder's on bastions"}),
             dict(module="openssh-hardening", pinned="2.1.0", updated=171,
                  metadata={"allow_groups": ["sre", "oncall"], "pin_reason": "legacy jump clients lack sntrup761"}),
             dict(module="chrony"), dict(module="log-forwarder", metadata={"facility_filter": "authpriv.*"}),
         ]),
]

# Instances. reported: None -> exactly the desired state; otherwise a dict of overrides:
#   {module: "version"} run that version instead, {module: None} missing, {module: "unknown:<tag>"} unknown digest.
# since: minutes the instance has been running each overridden module.
INSTANCES = [
    # edge-web
    dict(name="edge-fra-01", t="edge-web", arch="amd64", status="running", hb=1, created=2200,
         over={"node-exporter": "1.1.0"}, since={"node-exporter": 150}, note="canary for node-exporter 1.1.0"),
    dict(name="edge-fra-02", t="edge-web", arch="amd64", status="running", hb=0, created=2200,
         over={"node-exporter": "1.1.0"}, since={"node-exporter": 120}, note="canary for node-exporter 1.1.0"),
    dict(name="edge-fra-03", t="edge-web", arch="arm64", status="running", hb=2, created=1900),
    dict(name="edge-fra-04", t="edge-web", arch="arm64", status="running", hb=1, created=1900),
    dict(name="edge-ams-01", t="edge-web", arch="amd64", status="running", hb=1, created=2100,
         over={"node-exporter": "1.1.0"}, since={"node-exporter": 95}, note="canary for node-exporter 1.1.0"),
    dict(name="edge-ams-02", t="edge-web", arch="amd64", status="running", hb=3, created=2100,
         over={"nginx": "1.2.0", "edge-site-config": None}, since={"nginx": 140 * 60 - 12},
         note="missed the nginx rollback and lost its site config (2 differences)"),
    dict(name="edge-ams-03", t="edge-web", arch="arm64", status="running", hb=2, created=1700),
    dict(name="edge-iad-01", t="edge-web", arch="amd64", status="running", hb=1, created=2000),
    dict(name="edge-iad-02", t="edge-web", arch="amd64", status="running", hb=4, created=2000,
         over={"system-base": "2025.2.0", "wireguard-overlay": None, "apache": "1.0.0"},
         since={"system-base": 1340 * 60 - 30, "apache": 2 * 24 * 60},
         note="3 differences: old system-base, no overlay, hand-installed apache"),
    dict(name="edge-iad-03", t="edge-web", arch="arm64", status="stopped", hb=300, created=1600,
         note="stopped for hardware maintenance; heartbeat stale"),
    dict(name="edge-sin-01", t="edge-web", arch="arm64", status="running", hb=1, created=900),
    dict(name="edge-sin-02", t="edge-web", arch="arm64", status="running", hb=47, created=900,
         note="running but its heartbeat is stale (47 min)"),
    dict(name="edge-syd-01", t="edge-web", arch="amd64", status="provisioning", hb=None, created=0.5,
         note="being provisioned; has never reported"),
    dict(name="edge-gru-01", t="edge-web", arch="amd64", status="pending", hb=None, created=0.1,
         note="registered, waiting for hardware"),
    # k3s-worker
    dict(name="k3s-fra-01", t="k3s-worker", arch="amd64", status="running", hb=1, created=2100,
         over={"node-exporter": "1.1.0"}, since={"node-exporter": 70}, note="canary for node-exporter 1.1.0"),
    dict(name="k3s-fra-02", t="k3s-worker", arch="amd64", status="running", hb=0, created=2100),
    dict(name="k3s-fra-03", t="k3s-worker", arch="arm64", status="running", hb=2, created=1500),
    dict(name="k3s-fra-04", t="k3s-worker", arch="arm64", status="running", hb=1, created=1500),
    dict(name="k3s-ams-01", t="k3s-worker", arch="amd64", status="running", hb=1, created=2000),
    dict(name="k3s-ams-02", t="k3s-worker", arch="amd64", status="error", hb=180, created=2000,
         over={"containerd": None, "k3s-server": None, "system-base": "2025.1.0", "security-hardening": "1.0.0",
               "log-forwarder": "2.0.0", "nginx": "1.1.0"},
         since={"system-base": 2350 * 60 - 20, "security-hardening": 2260 * 60 - 20, "log-forwarder": 1150 * 60 - 15,
                "nginx": 30 * 24 * 60},
         note="reimaged from an old golden image; 6 differences (critical); heartbeat stale"),
    dict(name="k3s-ams-03", t="k3s-worker", arch="arm64", status="running", hb=3, created=1400),
    dict(name="k3s-iad-01", t="k3s-worker", arch="amd64", status="running", hb=1, created=1800,
         over={"node-exporter": None}, note="node-exporter missing"),
    dict(name="k3s-iad-02", t="k3s-worker", arch="amd64", status="stopped", hb=1560, created=1800,
         note="drained and stopped 26 h ago"),
    dict(name="k3s-iad-03", t="k3s-worker", arch="arm64", status="running", hb=2, created=700),
    dict(name="k3s-sin-01", t="k3s-worker", arch="arm64", status="running", hb=1, created=850),
    # bastion
    dict(name="bastion-fra-01", t="bastion", arch="amd64", status="running", hb=1, created=2400),
    dict(name="bastion-ams-01", t="bastion", arch="amd64", status="running", hb=2, created=2400,
         over={"openssh-hardening": "2.2.0", "chrony": "1.1.0", "debug-tools": "unknown:debug-tools-0.9.1"},
         since={"openssh-hardening": 165 * 60, "chrony": 50 * 60, "debug-tools": 9 * 60},
         note="3 differences: ignores its openssh pin, runs chrony from staging, extra debug-tools layer"),
    dict(name="bastion-iad-01", t="bastion", arch="arm64", status="running", hb=1, created=2300,
         over={"openssh-hardening": "unknown:bastion-iad-01-local-rebuild"}, since={"openssh-hardening": 20 * 60},
         note="runs a locally rebuilt openssh-hardening image (digest unknown to Strata)"),
    dict(name="bastion-sin-01", t="bastion", arch="arm64", status="running", hb=1, created=880),
    dict(name="bastion-gru-01", t="bastion", arch="amd64", status="error", hb=25, created=400,
         note="sshd health check failing; heartbeat stale (25 min)"),
]

PROMOTION_REQUESTS = [
    dict(module="wireguard-overlay", version="1.1.0", by=OPERATOR, created=44, status="rejected",
         reason="Peer-sync timer removes the manual peer edits we keep making during incidents.",
         decisions=[dict(by=APPROVER, decision="reject", hours=40,
                         comment="Not during the FRA maintenance freeze. Re-request after Monday with a canary plan.")]),
    dict(module="openssh-hardening", version="2.2.0", by=OPERATOR, created=172, status="approved",
         reason="Post-quantum hybrid KEX (sntrup761x25519) for all edge and worker sshd.",
         decisions=[dict(by=APPROVER, decision="approve", hours=170, comment="Bastions stay pinned to 2.1.0.")]),
    dict(module="nginx", version="1.2.0", by=OPERATOR, created=142, status="approved",
         reason="Upstream keepalive tuning to cut TLS handshakes to origin.",
         decisions=[dict(by=APPROVER, decision="approve", hours=140, comment="OK, staging soak looked clean.")]),
    dict(module="nginx", version="1.3.0", by=OPERATOR, created=1, status="pending",
         reason="Debian security update nginx 1.22.1-9+deb12u11; 23 h clean on staging canaries.",
         decisions=[]),
]


# --------------------------------------------------------------------------------------------------------
def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def glob_re(g):
    out, i = "", 0
    while i < len(g):
        c = g[i]
        if g.startswith("**", i):
            out += ".*"
            i += 2
        elif c == "*":
            out += "[^/]*"
            i += 1
        elif c == "?":
            out += "[^/]"
            i += 1
        elif c == "[":
            j = g.index("]", i + 1)
            out += "[" + g[i + 1:j].replace("\\", "\\\\") + "]"
            i = j + 1
        else:
            out += re.escape(c)
            i += 1
    return re.compile("^" + out + "$")


def matches(globs, p):
    return any(glob_re(g).match(p) for g in globs)


def deb_index(root):
    idx = {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".deb"):
                continue
            path = os.path.join(d, f)
            pkg = subprocess.run(["dpkg-deb", "-f", path, "Package"], capture_output=True, text=True, check=True).stdout.strip()
            ver = subprocess.run(["dpkg-deb", "-f", path, "Version"], capture_output=True, text=True, check=True).stdout.strip()
            idx[f"{pkg}={ver}"] = path
    return idx


def deb_paths(path):
    out = subprocess.run(["dpkg-deb", "-c", path], capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.splitlines():
        parts = line.split(None, 5)
        if len(parts) < 6 or parts[0].startswith("d"):
            continue
        name = parts[5].split(" -> ")[0].split(" link to ")[0]
        if name.startswith("./"):
            name = name[1:]
        if name.startswith("/"):
            res.append(name)
    return res


def apt_snapshot(hours_ago):
    t = NOMINAL_NOW - dt.timedelta(hours=hours_ago + 2)
    return t.strftime("%Y%m%dT000000Z")


# ---------------- YAML emitter (block style, deterministic; verified by re-parsing in the TS check) ----------
PLAIN = re.compile(r"^[A-Za-z0-9_/.$][A-Za-z0-9_/.\-*?@^~+=<>(){}$ ,:]*$")
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "~", "y", "n"}


def yscalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if (PLAIN.match(s) and s.lower() not in RESERVED and not re.match(r"^[-+]?[0-9.]", s)
            and ": " not in s and " #" not in s and not s.endswith(":") and "{" not in s and "," not in s
            and not s.endswith(" ")):
        return s
    return json.dumps(s, ensure_ascii=False)


def yemit(v, indent=0):
    pad = " " * indent
    lines = []
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and x:
                lines.append(f"{pad}{k}:")
                lines.extend(yemit(x, indent + 2))
            elif isinstance(x, list) and x:
                lines.append(f"{pad}{k}:")
                lines.extend(yemit(x, indent + 2))
            elif isinstance(x, (dict, list)):
                lines.append(f"{pad}{k}: {'{}' if isinstance(x, dict) else '[]'}")
            else:
                lines.append(f"{pad}{k}: {yscalar(x)}")
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = yemit(x, indent + 2)
                lines.append(f"{pad}- {sub[0].lstrip()}")
                lines.extend(sub[1:])
            else:
                lines.append(f"{pad}- {yscalar(x)}")
    return lines


def manifest_for(m, ver, built_hours):
    over = ver.get("manifest", {}) if ver else {}
    services = json.loads(json.dumps(m["services"]))
    for s in services:
        if "health" in s and over.get("health") and s["name"] == "nginx":
            s["health"]["endpoint"] = over["health"]
        if "health" in s and over.get("health_delay") is not None:
            s["health"]["initial_delay_seconds"] = over["health_delay"]
        if over.get("service_env"):
            s["env"] = over["service_env"]
    security = json.loads(json.dumps(m["security"]))
    if over.get("egress"):
        security["egress_allow"] = over["egress"]
    fw = m.get("firmware", (None, None))
    doc = {
        "schema_version": 1,
        "name": m["name"],
        "display_name": m["display"],
        "description": m["description"],
        "license": m["license"],
        "package_spec": sorted({p.split("=")[0] for p in ver.get("pkgs", [])}) if ver else [],
        "file_spec": m["file_spec"],
        "mask": m["mask"],
        "protected_spec": m["protected"],
        "dependency_spec": m["dependency_spec"],
        "dependencies": {"requires": m["requires"], "provides": m["provides"]},
    }
    if m["init"]:
        doc["init"] = m["init"]
    doc["services"] = services
    doc["reboot_required"] = m["reboot"]
    doc["security"] = security
    doc["skills"] = m["skills"] + over.get("skills_extra", [])
    doc["build"] = build(apt_snapshot(built_hours), fw[0], fw[1], over.get("k3s"))
    return doc


def write_yaml(path, doc, header):
    text = "\n".join([f"# {h}" for h in header] + yemit(doc)) + "\n"
    with open(path, "w") as f:
        f.write(text)
    return text


# ---------------- TS emitter ---------------------------------------------------------------------------------
def ts(v, indent=0):
    pad, pad2 = " " * indent, " " * (indent + 2)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(v, list):
        if not v:
            return "[]"
        flat = "[" + ", ".join(ts(x) for x in v) + "]"
        if len(flat) + indent < 100 and not any(isinstance(x, (dict, list)) for x in v):
            return flat
        return "[\n" + "".join(f"{pad2}{ts(x, indent + 2)},\n" for x in v) + pad + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        key = lambda k: k if re.match(r"^[A-Za-z_$][A-Za-z0-9_$]*$", k) else ts(k)  # noqa: E731
        flat = "{ " + ", ".join(f"{key(k)}: {ts(x)}" for k, x in v.items()) + " }"
        if len(flat) + indent < 100 and not any(isinstance(x, (dict, list)) and x for x in v.values()):
            return flat
        return "{\n" + "".join(f"{pad2}{key(k)}: {ts(x, indent + 2)},\n" for k, x in v.items()) + pad + "}"
    raise TypeError(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--debs", required=True)
    args = ap.parse_args()
    idx = deb_index(args.debs)
    cache = {}

    fl_dir = os.path.join(OUT, "file-lists")
    mf_dir = os.path.join(OUT, "manifests")
    os.makedirs(fl_dir, exist_ok=True)
    os.makedirs(os.path.join(mf_dir, "versions"), exist_ok=True)

    mods_by_name = {m["name"]: m for m in MODULES}
    modules_out, version_digest = [], {}
    for m in MODULES:
        versions_out = []
        for ver in m["versions"]:
            paths = set()
            for spec in ver.get("pkgs", []):
                if spec not in idx:
                    sys.exit(f"missing .deb for {spec}")
                if spec not in cache:
                    cache[spec] = deb_paths(idx[spec])
                paths.update(cache[spec])
            synthetic = set(ver.get("rootfs", []))
            paths.update(synthetic)
            kept = sorted(p for p in paths if not matches(m["mask"], p))
            uncovered = [p for p in kept if not matches(m["file_spec"], p)]
            if uncovered:
                sys.exit(f"{m['name']} {ver['v']}: not covered by file_spec: {uncovered[:10]}")
            for p in synthetic:
                if matches(m["mask"], p):
                    sys.exit(f"{m['name']} {ver['v']}: synthetic file masked: {p}")
            fname = f"{m['name']}-{ver['v']}.txt"
            content = "\n".join(kept) + "\n"
            with open(os.path.join(fl_dir, fname), "w") as f:
                f.write(content)

            t = ver["t"]
            snap = f"versions/{m['name']}-{ver['v']}.yaml"
            write_yaml(os.path.join(mf_dir, snap), manifest_for(m, ver, t["built"]),
                       [f"Manifest snapshot of {m['name']} {ver['v']} (what CI built this version from).",
                        "Generated by prisma/seed-data/generator/build_demo_data.py - do not edit by hand."])
            oci_ref = f"{REGISTRY}/{m['name']}:{ver['v']}"
            oci_digest = "sha256:" + sha(f"oci-manifest:{oci_ref}")
            version_digest[(m["name"], ver["v"])] = oci_digest
            state = ("retired" if "retired" in t else "live" if ver.get("is_live", "live" in t and not ver.get("prev_live"))
                     else "blessed" if "blessed" in t else "staging" if "staging" in t else "built")
            versions_out.append({
                "version": ver["v"],
                "promotionState": state,
                "previouslyLive": bool(ver.get("prev_live")),
                "ociRef": oci_ref,
                "ociDigest": oci_digest,
                "composefsDigest": "sha256:" + sha(f"composefs:{m['name']}@{ver['v']}\n{content}"),
                "manifestFile": snap,
                "fileList": fname,
                "fileCount": len(kept),
                "syntheticPaths": sorted(synthetic),
                "packageList": list(ver.get("pkgs", [])),
                "signerIdentity": f"{GIT}/{m['name']}/.forgejo/workflows/release.yaml@refs/tags/v{ver['v']}",
                "signerIssuer": ISSUER,
                "signatureVerifiedHoursAgo": t["built"],
                "sbomUri": f"oci://{REGISTRY}/{m['name']}:sha256-{oci_digest[7:]}.sbom",
                "provenanceUri": f"oci://{REGISTRY}/{m['name']}:sha256-{oci_digest[7:]}.att",
                "builtHoursAgo": t["built"],
                "stagingHoursAgo": t.get("staging"),
                "blessedHoursAgo": t.get("blessed"),
                "liveHoursAgo": t.get("live"),
                "firstLiveHoursAgo": ver.get("first_live", t.get("live")),
                "retiredHoursAgo": t.get("retired"),
                "retiredReason": ver.get("retired_reason"),
                "note": ver.get("note"),
            })
        newest = m["versions"][-1]
        draft = dict(newest)
        draft["manifest"] = {**newest.get("manifest", {}), **DRAFT_EDITS.get(m["name"], {})}
        write_yaml(os.path.join(mf_dir, f"{m['name']}.yaml"), manifest_for(m, draft, newest["t"]["built"]),
                   [f"Current draft manifest of module {m['name']} (schema_version 1, rules in docs/manifest-validation.md).",
                    "Generated by prisma/seed-data/generator/build_demo_data.py - do not edit by hand."])
        modules_out.append({
            "name": m["name"], "displayName": m["display"], "description": m["description"],
            "categorySlug": m["category"], "variety": m["variety"], "parentModule": m["parent"],
            "priority": m["priority"], "visibility": m["visibility"],
            "repositoryUrl": f"{GIT}/{m['name']}",
            "cosignIdentityRegexp": "^" + GIT.replace(".", r"\.") + "/" + m["name"]
                                    + r"/\.forgejo/workflows/release\.yaml@refs/tags/v.*$",
            "cosignIssuerRegexp": "^" + ISSUER.replace(".", r"\.") + "$",
            "manifestFile": f"{m['name']}.yaml",
            "registeredBy": AUTHOR, "registeredHoursAgo": m["registered"],
            "versions": versions_out,
        })

    # sanity: states
    for mo in modules_out:
        lives = [v for v in mo["versions"] if v["promotionState"] == "live"]
        assert len(lives) <= 1, mo["name"]
        rx = re.compile(mo["cosignIdentityRegexp"])
        for v in mo["versions"]:
            assert rx.match(v["signerIdentity"]), (mo["cosignIdentityRegexp"], v["signerIdentity"])

    def live_of(name):
        return next(v["version"] for v in next(x for x in modules_out if x["name"] == name)["versions"]
                    if v["promotionState"] == "live")

    templates_out = []
    desired_by_template = {}
    for t in TEMPLATES:
        assigns, desired = [], {}
        for a in t["assignments"]:
            enabled = a.get("enabled", True)
            assigns.append({
                "module": a["module"], "enabled": enabled, "pinnedVersion": a.get("pinned"),
                "effectivePriorityOverride": a.get("override"), "metadata": a.get("metadata", {}),
                "assignedHoursAgo": a.get("assigned", t["created"]), "updatedHoursAgo": a.get("updated"),
            })
            if enabled:
                v = a.get("pinned") or live_of(a["module"])
                desired[a["module"]] = v
        desired_by_template[t["name"]] = desired
        templates_out.append({"name": t["name"], "description": t["description"], "createdBy": USERS["operator"][0],
                              "createdHoursAgo": t["created"], "assignments": assigns})

    instances_out = []
    for inst in INSTANCES:
        desired = desired_by_template[inst["t"]]
        reported = []
        drift = {"missing": [], "extra": [], "mismatched": []}
        if inst["hb"] is None:
            drift = None
        else:
            over = inst.get("over", {})
            names = list(desired) + [k for k in over if k not in desired]
            for mod in names:
                want = desired.get(mod)
                have = over.get(mod, want) if mod in over else want
                if have is None:
                    drift["missing"].append(mod)
                    continue
                if have.startswith("unknown:"):
                    digest, hv = "sha256:" + sha(have), None
                else:
                    digest, hv = version_digest[(mod, have)], have
                if mod in inst.get("since", {}):
                    since = inst["since"][mod]
                else:
                    mo = next(x for x in modules_out if x["name"] == mod)
                    vv = next(x for x in mo["versions"] if x["version"] == have)
                    since = min(int(vv["liveHoursAgo"] or vv["blessedHoursAgo"]) * 60 - 7,
                                int(inst["created"] * 60) - 30)
                reported.append({"module": mod, "version": hv, "ociDigest": digest, "sinceMinutesAgo": since})
                if want is None:
                    drift["extra"].append(mod)
                elif digest != version_digest[(mod, want)]:
                    drift["mismatched"].append(mod)
        instances_out.append({
            "name": inst["name"], "template": inst["t"], "arch": inst["arch"], "status": inst["status"],
            "lastHeartbeatMinutesAgo": inst["hb"], "createdHoursAgo": inst["created"],
            "reportedModules": reported, "expectedDrift": drift, "note": inst.get("note"),
        })

    # ready-to-bless / stale checks
    for mo in modules_out:
        for v in mo["versions"]:
            if v["promotionState"] != "staging":
                continue
            healthy = [i for i in instances_out if i["status"] == "running" and i["lastHeartbeatMinutesAgo"] is not None
                       and i["lastHeartbeatMinutesAgo"] <= 15 and any(
                           r["ociDigest"] == v["ociDigest"] and r["sinceMinutesAgo"] >= 30 for r in i["reportedModules"])]
            print(f"staging {mo['name']} {v['version']}: {v['stagingHoursAgo']} h, healthy canaries {len(healthy)}")

    requests_out = []
    for r in PROMOTION_REQUESTS:
        requests_out.append({"module": r["module"], "version": r["version"], "requestedBy": r["by"],
                             "reason": r["reason"], "createdHoursAgo": r["created"], "status": r["status"],
                             "decisions": [{"by": d["by"], "decision": d["decision"], "comment": d["comment"],
                                            "hoursAgo": d["hours"]} for d in r["decisions"]]})

    audit = build_audit(modules_out, requests_out, templates_out)
    write_ts(modules_out, templates_out, instances_out, requests_out, audit)
    sizes = sum(os.path.getsize(os.path.join(fl_dir, f)) for f in os.listdir(fl_dir))
    print(f"file lists: {len(os.listdir(fl_dir))} files, {sizes} bytes; audit events {len(audit)}")


AUDIT_WINDOW_HOURS = 220


def build_audit(modules_out, requests_out, templates_out):
    ev = []

    def add(h, actor, action, ttype, target, before, after, reason=None, via="ui"):
        if h <= AUDIT_WINDOW_HOURS:
            ev.append({"hoursAgo": h, "actorEmail": actor, "via": via, "action": action, "targetType": ttype,
                       "target": target, "before": before, "after": after, "reason": reason})

    req = {(r["module"], r["version"]): r for r in requests_out}
    for mo in modules_out:
        vs = mo["versions"]
        for v in vs:
            tgt = f"{mo['name']}@{v['version']}"
            add(v["builtHoursAgo"], AUTHOR, "version.ingested", "module_version", tgt, None,
                {"state": "built", "ociDigest": v["ociDigest"]}, None, "api_token")
            if v["stagingHoursAgo"] is not None:
                add(v["stagingHoursAgo"], OPERATOR, "version.promoted", "module_version", tgt,
                    {"state": "built"}, {"state": "staging"})
            if v["blessedHoursAgo"] is not None:
                add(v["blessedHoursAgo"], OPERATOR, "version.promoted", "module_version", tgt,
                    {"state": "staging"}, {"state": "blessed"})
            r = req.get((mo["name"], v["version"]))
            if r:
                add(r["createdHoursAgo"], r["requestedBy"], "promotion_request.created", "promotion_request", tgt,
                    None, {"status": "pending"}, r["reason"])
                for d in r["decisions"]:
                    add(d["hoursAgo"], d["by"],
                        "promotion_request.approved" if d["decision"] == "approve" else "promotion_request.rejected",
                        "promotion_request", tgt, {"status": "pending"},
                        {"status": "approved" if d["decision"] == "approve" else "rejected"}, d["comment"])
            live_h = v["firstLiveHoursAgo"]
            if live_h is not None:
                prev = [x for x in vs if x is not v and x["firstLiveHoursAgo"] is not None
                        and x["firstLiveHoursAgo"] > live_h]
                prev_v = max(prev, key=lambda x: -x["firstLiveHoursAgo"])["version"] if prev else None
                add(live_h, APPROVER, "version.promoted", "module_version", tgt,
                    {"state": "blessed", "live": prev_v}, {"state": "live", "previousLiveNowBlessed": prev_v},
                    r["reason"] if r else None)
            if v["retiredHoursAgo"] is not None:
                if v["retiredReason"] and v["retiredReason"].startswith("Rolled back"):
                    back = next(x for x in vs if x["liveHoursAgo"] == v["retiredHoursAgo"] and x is not v)
                    add(v["retiredHoursAgo"], APPROVER, "version.rolled_back", "module_version", tgt,
                        {"live": v["version"], "state": "live"},
                        {"state": "retired", "live": back["version"]}, v["retiredReason"])
                else:
                    add(v["retiredHoursAgo"], OPERATOR, "version.retired", "module_version", tgt,
                        {"state": "blessed"}, {"state": "retired"}, v["retiredReason"])
    for t in templates_out:
        for a in t["assignments"]:
            if a["assignedHoursAgo"] != t["createdHoursAgo"]:
                add(a["assignedHoursAgo"], OPERATOR, "template.module_assigned", "template_module",
                    f"{t['name']}/{a['module']}", None,
                    {"enabled": a["enabled"], "pinnedVersion": None, "effectivePriorityOverride": None},
                    "Keep apache assignable for the intranet migration; disabled so edge nodes never run it.")
            if a["updatedHoursAgo"] is not None:
                before = {"pinnedVersion": None} if a["pinnedVersion"] else {"effectivePriorityOverride": None}
                after = ({"pinnedVersion": a["pinnedVersion"]} if a["pinnedVersion"]
                         else {"effectivePriorityOverride": a["effectivePriorityOverride"]})
                reason = a["metadata"].get("pin_reason") or a["metadata"].get("why_override")
                add(a["updatedHoursAgo"], OPERATOR, "template.assignment_updated", "template_module",
                    f"{t['name']}/{a['module']}", before, after, reason)
    add(2, AUTHOR, "module.manifest_updated", "module", "nginx", {"health.initial_delay_seconds": 5},
        {"health.initial_delay_seconds": 10}, "Slow cold starts on arm64 edges trip the first health probe.")
    ev.sort(key=lambda e: -e["hoursAgo"])
    return ev


TS_HEADER = """\
/**
 * Strata demo data - a pure, typed description of the demo account.
 *
 * GENERATED by prisma/seed-data/generator/build_demo_data.py from real Debian bookworm packages
 * (see docs/demo-data.md). Do not edit by hand: change the generator and re-run it.
 *
 * Pure data: no I/O. File lists live in prisma/seed-data/file-lists/<fileList>, manifests in
 * prisma/seed-data/manifests/<manifestFile>; the seed script reads them. Times are offsets before
 * the moment the seed runs ("now").
 */

export type CategorySlug = 'system-base' | 'security-hardening' | 'network-overlay' | 'container-runtimes' | 'userland';
export type Role = 'viewer' | 'author' | 'operator' | 'approver' | 'admin';
export type Variety = 'subscription' | 'config' | 'instance';
export type Visibility = 'private' | 'public';
export type PromotionState = 'built' | 'staging' | 'blessed' | 'live' | 'retired';
export type Arch = 'amd64' | 'arm64';
export type InstanceStatus = 'pending' | 'provisioning' | 'running' | 'stopped' | 'error';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface DemoAccount {
  slug: string;
  name: string;
}

export interface DemoPolicy {
  requireApproval: boolean;
  requiredApprovals: number;
  requestTtlHours: number;
  stagingStaleHours: number;
}

export interface DemoCategory {
  slug: CategorySlug;
  name: string;
  position: number;
}

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
}

export interface DemoVersion {
  /** semver, unique per module */
  version: string;
  promotionState: PromotionState;
  /** blessed again after a newer version went live (rollback target) */
  previouslyLive: boolean;
  ociRef: string;
  ociDigest: string;
  composefsDigest: string;
  /** manifest snapshot this version was built from, relative to prisma/seed-data/manifests/ */
  manifestFile: string;
  /** relative to prisma/seed-data/file-lists/; one absolute path per line, sorted */
  fileList: string;
  fileCount: number;
  /** paths in the file list that come from the module's synthetic rootfs/ tree, not from a .deb */
  syntheticPaths: string[];
  /** exact Debian packages, `name=version` */
  packageList: string[];
  signerIdentity: string;
  signerIssuer: string;
  signatureVerifiedHoursAgo: number;
  sbomUri: string;
  provenanceUri: string;
  builtHoursAgo: number;
  stagingHoursAgo: number | null;
  blessedHoursAgo: number | null;
  /** most recent entry into live (null if never live) */
  liveHoursAgo: number | null;
  /** first entry into live; differs from liveHoursAgo only for a version that went live again after a rollback */
  firstLiveHoursAgo: number | null;
  retiredHoursAgo: number | null;
  retiredReason: string | null;
  note: string | null;
}

export interface DemoModule {
  name: string;
  displayName: string;
  description: string;
  categorySlug: CategorySlug;
  variety: Variety;
  /** required for variety 'config' */
  parentModule: string | null;
  priority: number;
  visibility: Visibility;
  repositoryUrl: string;
  cosignIdentityRegexp: string;
  cosignIssuerRegexp: string;
  /** current draft manifestYaml, relative to prisma/seed-data/manifests/ */
  manifestFile: string;
  registeredBy: string;
  registeredHoursAgo: number;
  /** ascending semver */
  versions: DemoVersion[];
}

export interface DemoAssignment {
  module: string;
  enabled: boolean;
  pinnedVersion: string | null;
  effectivePriorityOverride: number | null;
  metadata: JsonObject;
  assignedHoursAgo: number;
  updatedHoursAgo: number | null;
}

export interface DemoTemplate {
  name: string;
  description: string;
  createdBy: string;
  createdHoursAgo: number;
  assignments: DemoAssignment[];
}

export interface DemoReportedModule {
  module: string;
  /** null when the digest matches no version Strata knows */
  version: string | null;
  ociDigest: string;
  sinceMinutesAgo: number;
}

export interface DemoDrift {
  missing: string[];
  extra: string[];
  mismatched: string[];
}

export interface DemoInstance {
  name: string;
  template: string;
  arch: Arch;
  status: InstanceStatus;
  /** null: never sent a heartbeat */
  lastHeartbeatMinutesAgo: number | null;
  createdHoursAgo: number;
  reportedModules: DemoReportedModule[];
  /** what the drift report must find (desired = pin, else live); null when the instance never reported */
  expectedDrift: DemoDrift | null;
  note: string | null;
}

export type PromotionRequestStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';

export interface DemoDecision {
  by: string;
  decision: 'approve' | 'reject';
  comment: string;
  hoursAgo: number;
}

export interface DemoPromotionRequest {
  module: string;
  version: string;
  requestedBy: string;
  reason: string;
  createdHoursAgo: number;
  status: PromotionRequestStatus;
  decisions: DemoDecision[];
}

export type AuditAction =
  | 'module.registered'
  | 'module.manifest_updated'
  | 'version.ingested'
  | 'version.promoted'
  | 'version.retired'
  | 'version.rolled_back'
  | 'promotion_request.created'
  | 'promotion_request.approved'
  | 'promotion_request.rejected'
  | 'template.module_assigned'
  | 'template.assignment_updated';

export type AuditTargetType = 'module' | 'module_version' | 'promotion_request' | 'template' | 'template_module';

export interface DemoAuditEvent {
  hoursAgo: number;
  actorEmail: string;
  via: 'ui' | 'api_token';
  action: AuditAction;
  targetType: AuditTargetType;
  /** module, `module@version`, template or `template/module` */
  target: string;
  before: JsonObject | null;
  after: JsonObject | null;
  reason: string | null;
}

export interface DemoData {
  account: DemoAccount;
  policy: DemoPolicy;
  categories: DemoCategory[];
  users: DemoUser[];
  modules: DemoModule[];
  templates: DemoTemplate[];
  instances: DemoInstance[];
  promotionRequests: DemoPromotionRequest[];
  /** the last AUDIT_WINDOW_HOURS of history, oldest first; older history is implied by version timestamps */
  auditEvents: DemoAuditEvent[];
}

/** A (module, version) pair, e.g. for looking up a version's digest. */
export type DemoVersionRef = { module: string; version: string };

"""


def write_ts(modules, templates, instances, requests, audit):
    data = {
        "account": {"slug": OWNER, "name": "Powernode"},
        "policy": {"requireApproval": True, "requiredApprovals": 1, "requestTtlHours": 4, "stagingStaleHours": 24},
        "categories": [{"slug": s, "name": n, "position": p} for s, n, p in CATEGORIES],
        "users": [{"email": e, "name": n, "role": r} for r, (e, n) in USERS.items()],
        "modules": modules,
        "templates": templates,
        "instances": instances,
        "promotionRequests": requests,
        "auditEvents": audit,
    }
    body = TS_HEADER
    body += f"export const AUDIT_WINDOW_HOURS = {AUDIT_WINDOW_HOURS};\n\n"
    body += "export const demo: DemoData = " + ts(data) + ";\n\n"
    body += """\
/** Finds a version of the demo data (pure helper for the seed and tests). */
export function findDemoVersion(ref: DemoVersionRef, data: DemoData = demo): DemoVersion | undefined {
  return data.modules.find((m) => m.name === ref.module)?.versions.find((v) => v.version === ref.version);
}
"""
    with open(os.path.join(OUT, "demo.ts"), "w") as f:
        f.write(body)


if __name__ == "__main__":
    main()
