// placeholder until the build script lands
