// The shared test helpers (PackageFiles, hex) are visible to every file of this test target.
@_exported import PackageTestSupport
