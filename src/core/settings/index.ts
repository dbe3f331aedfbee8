// Public surface of the settings module.
export { changedKeys, type ParsedSettings, parseSettings, SECTION } from './parse';
export { defaultSettings, SETTING_KEYS, type SettingKey, type Settings, settingsSchema, TARGET_SETTING_KEYS } from './schema';
export { monitorConfig } from './monitorConfig';
