// UI text of the merchant workspace (zh-CN); en-US mirrors these keys.
export default {} as Record<string, unknown>;
