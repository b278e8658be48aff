/** The two IPC channels of the Electron transport, shared by main and the preload. */
export const callChannel = 'fovea:call';
export const eventChannel = 'fovea:event';
/** The native "choose folders to import" dialog. */
export const chooseFoldersChannel = 'fovea:choose-folders';
/** Menu commands for the renderer (main → window). */
export const menuChannel = 'fovea:menu';
