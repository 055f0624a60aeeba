// UI text of the warehouse workspace (zh-CN); en-US mirrors these keys.
export default {} as Record<string, unknown>;
