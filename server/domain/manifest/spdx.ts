/**
 * A compact, offline list of SPDX license identifiers (https://spdx.org/licenses/, list version 3.x): the
 * licenses Debian/Ubuntu packages and module authors actually use, plus the common exceptions. The check built on
 * it only warns, so a rare-but-valid identifier costs an author one ignorable warning, never a rejected manifest.
 */

export const SPDX_LICENSE_IDS: readonly string[] = [
  "0BSD", "AFL-2.1", "AFL-3.0", "AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later",
  "Apache-1.0", "Apache-1.1", "Apache-2.0", "APSL-2.0", "Artistic-1.0", "Artistic-1.0-Perl", "Artistic-2.0",
  "Beerware", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent", "BSD-3-Clause",
  "BSD-3-Clause-Clear", "BSD-3-Clause-LBNL", "BSD-4-Clause", "BSD-4-Clause-UC", "BSD-Source-Code", "BSL-1.0",
  "BUSL-1.1", "bzip2-1.0.6", "CAL-1.0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0",
  "CC-BY-ND-4.0", "CC-PDDC", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "CECILL-2.1", "CPAL-1.0", "CPL-1.0", "curl",
  "ECL-2.0", "EFL-2.0", "Elastic-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "FSFAP", "FSFUL", "FSFULLR",
  "FTL", "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later", "GPL-1.0-only",
  "GPL-1.0-or-later", "GPL-2.0", "GPL-2.0+", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0+",
  "GPL-3.0-only", "GPL-3.0-or-later", "HPND", "ICU", "IJG", "ImageMagick", "Info-ZIP", "IPA", "IPL-1.0", "ISC",
  "JSON", "LGPL-2.0", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1", "LGPL-2.1+", "LGPL-2.1-only",
  "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "Libpng", "libpng-2.0", "libtiff",
  "LPL-1.02", "LPPL-1.3c", "MirOS", "MIT", "MIT-0", "MIT-CMU", "MIT-Modern-Variant", "MPL-1.1", "MPL-2.0",
  "MPL-2.0-no-copyleft-exception", "MS-PL", "MS-RL", "MulanPSL-2.0", "NCSA", "Net-SNMP", "NTP", "OFL-1.1",
  "OGL-UK-3.0", "OpenSSL", "OSL-3.0", "PHP-3.01", "PostgreSQL", "PSF-2.0", "Python-2.0", "Qhull", "QPL-1.0",
  "Ruby", "SGI-B-2.0", "Sleepycat", "SMLNJ", "SSPL-1.0", "TCL", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense",
  "UPL-1.0", "Vim", "W3C", "W3C-20150513", "WTFPL", "X11", "XFree86-1.1", "Xnet", "Zlib", "zlib-acknowledgement",
  "ZPL-2.0", "ZPL-2.1",
];

export const SPDX_EXCEPTION_IDS: readonly string[] = [
  "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Bison-exception-2.2", "Classpath-exception-2.0",
  "Font-exception-2.0", "GCC-exception-2.0", "GCC-exception-3.1", "GPL-CC-1.0", "LGPL-3.0-linking-exception",
  "Libtool-exception", "Linux-syscall-note", "LLVM-exception", "OCaml-LGPL-linking-exception", "OpenJDK-assembly-exception-1.0",
  "openvpn-openssl-exception", "Qt-GPL-exception-1.0", "Qt-LGPL-exception-1.1", "Swift-exception",
  "u-boot-exception-2.0", "Universal-FOSS-exception-1.0", "WxWindows-exception-3.1",
];

/** Informal spellings seen in the wild, mapped to the SPDX identifier the author most likely meant. */
export const SPDX_ALIASES: Readonly<Record<string, string>> = {
  "apache 2.0": "Apache-2.0",
  "apache2": "Apache-2.0",
  "apache-2": "Apache-2.0",
  "apache license 2.0": "Apache-2.0",
  "gplv2": "GPL-2.0-only",
  "gpl2": "GPL-2.0-only",
  "gplv2+": "GPL-2.0-or-later",
  "gplv3": "GPL-3.0-only",
  "gpl3": "GPL-3.0-only",
  "gplv3+": "GPL-3.0-or-later",
  "lgplv2.1": "LGPL-2.1-only",
  "lgplv3": "LGPL-3.0-only",
  "agplv3": "AGPL-3.0-only",
  "mpl 2.0": "MPL-2.0",
  "bsd": "BSD-3-Clause",
  "new bsd": "BSD-3-Clause",
  "simplified bsd": "BSD-2-Clause",
  "public domain": "CC0-1.0",
  "proprietary": "LicenseRef-Proprietary",
};
