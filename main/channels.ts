/** The two IPC channels of the Electron transport, shared by main and the preload. */
export const callChannel = 'fovea:call';
export const eventChannel = 'fovea:event';
/** The native "choose folders to import" dialog. */
export const chooseFoldersChannel = 'fovea:choose-folders';
/** The native "save export as" dialog (a new folder for an export). */
export const chooseExportFolderChannel = 'fovea:choose-export-folder';
/** Menu commands for the renderer (main → window). */
export const menuChannel = 'fovea:menu';
/** The renderer's acknowledgement of a droppable frame (window → main). */
export const ackChannel = 'fovea:ack';
/** The preload reports the real path of a dropped file, which main then lets imports read. */
export const grantDroppedChannel = 'fovea:grant-dropped';
