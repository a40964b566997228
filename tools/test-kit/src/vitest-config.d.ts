interface TestSettings {
  include: string[];
  exclude?: string[];
  testTimeout: number;
  hookTimeout: number;
}

export declare const UNIT_TESTS: TestSettings;
export declare const BROWSER_TESTS: TestSettings;
