// The shared test helpers (PackageFiles, hex, the seeded generator) are visible to every file of this test target.
@_exported import PackageTestSupport
