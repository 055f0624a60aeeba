// UI text of the ops workspace (zh-CN); en-US mirrors these keys.
export default {} as Record<string, unknown>;
